import Foundation

/// `smtpc serve` running in the background for a test: its output collected, its port
/// read from the "listening on" line. Stopped when the value goes away.
public final class ServeProcess {
    private let process = Process()
    private let log = LockedData()
    /// The port it listens on.
    public let port: Int
    /// The process, for /proc inspection.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Starts `smtpc serve --listen 127.0.0.1:0` plus `arguments`; waits (15 s at most)
    /// for the port it prints.
    public init(arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let log = self.log
        Thread {
            var collected = Data()
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
                log.set(collected)
            }
        }.start()
        let deadline = Date().addingTimeInterval(15)
        var found: Int?
        while found == nil && Date() < deadline {
            let text = String(decoding: log.get(), as: UTF8.self)
            if let range = text.range(of: #"listening on [0-9.]+:(\d+)"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
            }
            if found == nil { usleep(50_000) }
        }
        guard let found else {
            process.terminate()
            process.waitUntilExit()
            throw ServeProcessError(log: String(decoding: log.get(), as: UTF8.self))
        }
        port = found
    }

    deinit { stop() }

    /// The web view's address (`http://127.0.0.1:PORT`), when started with `--web` or `--classroom`.
    public var webURL: String? {
        let text = logText
        guard let range = text.range(of: #"(web view|students) +http://[0-9.]+:\d+"#, options: .regularExpression) else { return nil }
        return String(text[range].split(separator: " ").last ?? "")
    }

    /// Everything it printed so far.
    public var logText: String { String(decoding: log.get(), as: UTF8.self) }

    /// Ends it (SIGTERM: it stops as on Ctrl-C) and waits until it has.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// `smtpc serve` printed no address to listen on.
public struct ServeProcessError: Error, CustomStringConvertible {
    public let log: String
    public var description: String { "serve printed no address: \(log)" }
}
