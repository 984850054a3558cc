import Foundation
import TestSupport
import Testing

/// Servers that get the timing or the connection wrong, from issue 11's list: a reply
/// before the greeting, a reply trickled a byte a second, a close during DATA and during
/// the TLS handshake, plaintext after STARTTLS's 220 — each explained in plain words,
/// with the console still answering and the transcript holding what arrived.
@Suite(.serialized) struct FaultCaseTests {
    /// Whether the server reads a message body (after its 354, until the lone dot).
    private final class BodyState: @unchecked Sendable {
        private let lock = NSLock()
        private var inBody = false
        func update(_ change: (inout Bool) -> FaultyServer.Response) -> FaultyServer.Response {
            lock.lock()
            defer { lock.unlock() }
            return change(&inBody)
        }
    }

    /// Answers EHLO, MAIL, RCPT, DATA, the body's end and QUIT like a server would;
    /// `special` first, for every line (body lines too).
    private static func server(
        banner: String? = "220 faulty.test ESMTP\r\n", _ special: @escaping @Sendable (String) -> FaultyServer.Response? = { _ in nil }
    ) throws -> FaultyServer {
        let state = BodyState()
        return try FaultyServer(banner: banner) { line in
            if let response = special(line) { return response }
            return state.update { inBody in
                if inBody {
                    if line == "." { inBody = false }
                    return line == "." ? .send("250 2.0.0 Ok: queued\r\n") : .silence
                }
                switch line.prefix(4).uppercased() {
                case "EHLO": return .send("250-faulty.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
                case "DATA":
                    inBody = true
                    return .send("354 End data with <CR><LF>.<CR><LF>\r\n")
                case "QUIT": return .sendAndClose("221 2.0.0 Bye\r\n")
                default: return .send("250 2.0.0 Ok\r\n")
                }
            }
        }
    }

    @Test func aReplyBeforeTheGreetingAnswersNothingAndIsExplained() throws {
        let server = try Self.server(banner: "250 early bird\r\n220 faulty.test ESMTP\r\n")
        let result = try Binary.run(["127.0.0.1", String(server.port)], input: "NOOP\nQUIT\n", timeout: 20)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("! the server sent 250 before its greeting"), "\(result.stdout)")
        #expect(result.stdout.contains("the greeting is still awaited (RFC 5321 §3.1)"))
        // NOOP is sent after the real greeting and gets its own reply, not the 220.
        #expect(result.stdout.contains("> NOOP\n250 2.0.0 Ok"), "\(result.stdout)")
        #expect(result.stdout.contains("> QUIT\n221 2.0.0 Bye"), "\(result.stdout)")
    }

    /// A reply trickled a byte a second: the timeout counts from the command, not from the
    /// last byte, and every byte that came is in the transcript.
    @Test func aReplyTrickledOneByteASecondTimesOutWithEveryByteRecorded() throws {
        let server = try Self.server { line in line.hasPrefix("NOOP") ? .silence : nil }
        let directory = try makeTemporaryDirectory(prefix: "smtpc-trickle").path
        let trickle = Thread {
            guard server.waitForLine({ $0.hasPrefix("NOOP") }) else { return }
            for byte in "250 2.0.0 slowly".utf8 {
                server.push(String(UnicodeScalar(byte)))
                Thread.sleep(forTimeInterval: 1)
            }
        }
        trickle.start()
        let started = Date()
        let result = try Binary.run(
            ["--timeout", "3", "--record", directory + "/t.txt", "127.0.0.1", String(server.port)], input: "NOOP\nQUIT\n",
            timeout: 20)
        #expect(result.status == 75, "\(result.stdout)")
        #expect(Date().timeIntervalSince(started) < 9, "bounded by --timeout, not by the 16 s the reply would take")
        #expect(result.stdout.contains("timed out after 3 s waiting for the reply to NOOP"), "\(result.stdout)")
        #expect(!server.receivedLines.contains("QUIT"), "nothing is sent after the timeout")
        let transcript = try String(contentsOfFile: directory + "/t.txt", encoding: .utf8)
        // Three or four bytes came in the three seconds; all of them are recorded.
        #expect(transcript.contains("SMTPD: 250"), "\(transcript)")
        #expect(transcript.hasSuffix("--- connection closed\n"), "\(transcript)")
    }

    @Test func theConsoleAnswersWhileTheGreetingTricklesIn() throws {
        let server = try FaultyServer(banner: nil) { _ in .silence }
        let trickle = Thread {
            usleep(200_000)
            for byte in "220 faulty.test ESMTP slowly\r\n".utf8 {
                server.push(String(UnicodeScalar(byte)))
                Thread.sleep(forTimeInterval: 1)
            }
        }
        trickle.start()
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "127.0.0.1", String(server.port)], columns: 120, rows: 30)
        #expect(terminal.waitFor("127.0.0.1:\(server.port)> ", timeout: 3), "a prompt within a second: \(terminal.screenText)")
        Thread.sleep(forTimeInterval: 1.5)
        let asked = Date()
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 3) == 0, "\(terminal.screenText)")
        #expect(Date().timeIntervalSince(asked) < 2, "/quit ends smtpc within a second while bytes trickle in")
    }

    @Test func aCloseAfterTheFinalDotSaysTheMessageMayOrMayNotHaveBeenAccepted() throws {
        let server = try Self.server { line in line == "." ? .close : nil }
        let script = "EHLO c.example\nMAIL FROM:<a@example.org>\nRCPT TO:<b@example.org>\nDATA\nSubject: x\n\nbody\n.\nQUIT\n"
        let result = try Binary.run(["127.0.0.1", String(server.port)], input: script, timeout: 20)
        #expect(result.status == 74, "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "! the connection closed before the reply to the end of the message: the server may or may not have accepted it"),
            "\(result.stdout)")
    }

    @Test func aCloseInTheMiddleOfABodySaysTheMessageWasNotDelivered() throws {
        let server = try Self.server { line in line.hasPrefix("Subject") ? .close : nil }
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "127.0.0.1", String(server.port)], columns: 140, rows: 40)
        try #require(terminal.waitFor("> ", timeout: 10))
        for line in ["EHLO c.example", "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA"] {
            let mark = terminal.screenText.count
            terminal.send(line + "\r")
            #expect(terminal.waitFor(line == "DATA" ? "354 " : "250", after: mark), "\(terminal.screenText)")
        }
        terminal.send("Subject: cut short\r")
        #expect(
            terminal.waitFor("! the connection closed in the middle of a message body: that message was not delivered"),
            "\(terminal.screenText)")
        #expect(terminal.waitFor("(disconnected)> "))
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 3) == 0)
    }

    @Test func aCloseDuringTheTLSHandshakeIsATLSFailure() throws {
        let server = try Self.server { line in line == "STARTTLS" ? .sendAndClose("220 2.0.0 Ready to start TLS\r\n") : nil }
        let result = try Binary.run(["--starttls", "127.0.0.1", String(server.port)], input: "QUIT\n", timeout: 20)
        #expect(result.status == 80, "\(result.stdout)")
        #expect(
            result.stdout.contains("TLS failed: the server closed the connection during the TLS handshake"), "\(result.stdout)")
    }

    @Test func plaintextAfterTheStartTLS220IsRefusedInTheConsole() throws {
        let server = try Self.server { line in
            line == "STARTTLS" ? .send("220 2.0.0 Ready to start TLS\r\n250 injected before the handshake\r\n") : nil
        }
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "127.0.0.1", String(server.port)], columns: 160, rows: 40)
        try #require(terminal.waitFor("> ", timeout: 10))
        terminal.send("EHLO c.example\r")
        #expect(terminal.waitFor("250 STARTTLS"))
        terminal.send("STARTTLS\r")
        #expect(
            terminal.waitFor("the server sent 35 byte(s) after its 220 reply to STARTTLS, before the TLS handshake"),
            "\(terminal.screenText)")
        #expect(terminal.waitFor("so TLS was not started and the connection was closed"))
        #expect(terminal.waitFor("(disconnected)> "), "the connection is dropped: \(terminal.screenText)")
        // The injected bytes are quoted in the explanation, never shown (or taken) as a reply.
        let lines = terminal.screenText.split(separator: "\n").map { $0.drop { $0 != ">" }.dropFirst().drop { $0 == " " } }
        #expect(!lines.contains { $0.hasPrefix("250 injected") }, "\(terminal.screenText)")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 3) == 0)
    }
}

/// Certificates Postfix is not given — expired, self-signed — from `openssl s_server`, in
/// script mode and in the console: the handshake is refused and the reason named.
@Suite(.serialized) struct CertificateProblemTests {
    static let cases: [(name: String, reason: String)] = [
        ("expired", "expired"), ("selfsigned", "self-signed"),
    ]

    @Test(arguments: ["expired", "selfsigned"])
    func aScriptRefusesTheCertificateAndNamesWhy(name: String) throws {
        let files = try TestCertificateFiles.shared()
        let server = try OpenSSLServer(certificate: files.certificate(name), key: files.key(name))
        let result = try Binary.run(
            ["--tls", "--cafile", files.caFile, "127.0.0.1", String(server.port)], input: "QUIT\n", timeout: 20)
        #expect(result.status == 80, "\(result.stdout)")
        let reason = Self.cases.first { $0.name == name }!.reason
        #expect(result.stdout.contains(reason), "\(result.stdout)")
    }

    @Test(arguments: ["expired", "selfsigned"])
    func theConsoleRefusesTheCertificateAndNamesWhy(name: String) throws {
        let files = try TestCertificateFiles.shared()
        let server = try OpenSSLServer(certificate: files.certificate(name), key: files.key(name))
        let terminal = try PseudoTerminal(
            executable: Binary.path,
            arguments: ["--no-history", "--tls", "--cafile", files.caFile, "127.0.0.1", String(server.port)],
            columns: 160, rows: 40)
        #expect(terminal.waitForExit(timeout: 10) == 80, "\(terminal.screenText)")
        let reason = Self.cases.first { $0.name == name }!.reason
        #expect(terminal.screenText.contains(reason), "\(terminal.screenText)")
        #expect(!terminal.rawOutput.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
    }
}
