import Foundation
import Glibc

/// `openssl s_server` on 127.0.0.1 (a free port), presenting a certificate the test chose:
/// a real TLS server for the certificates Postfix is not given (expired, self-signed).
/// Verification fails in the handshake, before any SMTP, so implicit TLS (`--tls`) is
/// what a test connects with.
public final class OpenSSLServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let log: String
    private let input = Pipe()

    /// What s_server printed so far (it says `Hostname in TLS extension: "NAME"` for an SNI).
    public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// `arguments` are added to s_server's (e.g. `-servername NAME -cert2 FILE -key2 FILE`,
    /// a second certificate for clients that send that name in SNI).
    public init(certificate: String, key: String, arguments: [String] = []) throws {
        log = NSTemporaryDirectory() + "smtpc-s_server-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).log"
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw POSIXError(.EIO) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key] + arguments
        // Output through a file: the port is in its first line, `ACCEPT 127.0.0.1:PORT`.
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        // s_server ends at the end of its input: a pipe held open keeps it serving.
        process.standardInput = input
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT ") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0) })
            {
                found = port
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw TestCertificateFiles.Failure(description: "openssl s_server did not start: \(text)")
        }
        port = found
    }

    deinit {
        if process.isRunning {
            // s_server does not end on SIGTERM while it waits on its input.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: log)
    }
}
