import Foundation
import SMTPServer

/// Starting a practice server on a free loopback port for one test.
enum ServerFixture {
    /// Starts a server with the default configuration changed by `configure`, on port 0.
    static func start(_ configure: (inout PracticeServerConfiguration) -> Void = { _ in }) async throws -> RunningPracticeServer {
        var configuration = PracticeServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        return try await PracticeServer.start(configuration)
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "smtpc-server-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Waits until `condition` holds or `timeout` seconds pass; returns whether it held.
    static func eventually(timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// Runs an external program (swaks, python3, smtp-source) and collects what it printed.
struct ExternalTool {
    struct Outcome {
        let status: Int32
        let output: String
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The absolute path of a program found on PATH or in the sbin folders, or a failure naming its Debian package.
    static func locate(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin"]
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        throw Missing(description: "\(name) is not installed: apt-get install \(package) (scripts/testenv/install does this for CI)")
    }

    /// Runs the program with arguments and optional standard input; gives up after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, timeout: Double = 60) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        let data = await reader.value
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
