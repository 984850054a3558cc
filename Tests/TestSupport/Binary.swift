import Foundation

/// The built `smtpc` binary and the package around it, for end-to-end tests.
public enum Binary {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$SMTPC_BIN`, or the binary `swift build` left in `.build/debug`.
    public static var path: String {
        if let path = ProcessInfo.processInfo.environment["SMTPC_BIN"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/smtpc").path
    }

    /// What a finished run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs smtpc (or `executable`) with `arguments`, feeding `input` on standard input
    /// (not a terminal), and waits for it to end (killing it after `timeout` seconds).
    public static func run(
        executable: String? = nil, _ arguments: [String], input: String = "", environment: [String: String] = [:],
        timeout: TimeInterval = 60
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["HOME"] = FileManager.default.temporaryDirectory.path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let outData = LockedData()
        let errData = LockedData()
        let group = DispatchGroup()
        for (handle, sink) in [(stdout.fileHandleForReading, outData), (stderr.fileHandleForReading, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(handle.readDataToEndOfFile())
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            throw TimeoutError(arguments: arguments, seconds: timeout)
        }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    public struct TimeoutError: Error, CustomStringConvertible {
        let arguments: [String]
        let seconds: TimeInterval
        public var description: String { "smtpc \(arguments.joined(separator: " ")) did not finish within \(seconds) s" }
    }
}

/// Data filled in by a reader thread.
public final class LockedData: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var data = Data()
    public func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }
    public func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
