import Foundation
import TestSupport
import Testing

/// smtpc with standard input that is not a terminal, against the real Postfix from
/// `make test` and against a fault-injection server.
@Suite(.serialized) struct ScriptModeTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func runScript(_ lines: [String], extra: [String] = []) throws -> Binary.Result {
        try Binary.run(extra + [env.host, String(env.smtpPort)], input: lines.joined(separator: "\n") + "\n")
    }

    @Test func bannerIsShownAndAnnotated() throws {
        let result = try runScript(["QUIT"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let banner = try #require(lines.firstIndex { $0.hasPrefix("220 \(env.hostname) ESMTP") }, "\(result.stdout)")
        #expect(lines[banner + 1].hasPrefix("  # 220 "))
        #expect(lines[banner + 1].hasSuffix(" ms"))
        #expect(result.stdout.contains("221 2.0.0 Bye"))
    }

    @Test func multiLineEHLOReplyIsShownLineByLineWithOneAnnotation() throws {
        let result = try runScript(["EHLO client.example", "QUIT"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0 == "250-\(env.hostname)" }, "\(result.stdout)")
        let last = try #require(lines[first...].firstIndex { $0.hasPrefix("250 ") })
        #expect(lines[first...last].contains("250-PIPELINING"))
        #expect(lines[first...last].contains("250-STARTTLS"))
        #expect(lines[first..<last].allSatisfy { $0.hasPrefix("250-") })
        #expect(lines[last + 1].hasPrefix("  # 250 "))
        #expect(lines[last + 1].contains("extensions"))
    }

    @Test func dotStuffedBodyArrivesIntactInTheMaildir() throws {
        let token = UUID().uuidString
        let result = try runScript([
            "EHLO client.example",
            "MAIL FROM:<sender@client.example>",
            "RCPT TO:<\(env.user)>",
            "DATA",
            "Subject: dot-stuffing \(token)",
            "",
            ".a line that starts with a dot",
            "..two dots",
            ". dot space",
            "last line",
            ".",
            "QUIT",
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("(dot-stuffed: sent as \"..a line that starts with a dot\""))
        #expect(result.stdout.contains("250 2.0.0 Ok: queued as"))
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: token), "no message in \(env.maildir)")
        let body = message.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        #expect(body.contains(".a line that starts with a dot\n..two dots\n. dot space\nlast line"), "body: \(body)")
    }

    @Test func negativeReplyGivesStatusOneAndTheEnhancedCodeMeaning() throws {
        let result = try runScript([
            "EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.unknownUser)>", "QUIT",
        ])
        #expect(result.status == 1)
        #expect(result.stdout.contains("550 5.1.1 <\(env.unknownUser)>"))
        #expect(result.stdout.contains("· 5.1.1 Bad destination mailbox address ·"))
    }

    @Test func colourAlwaysColoursEachClass() throws {
        let result = try runScript(
            [
                "EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.unknownUser)>", "RCPT TO:<\(env.user)>", "DATA",
                ".", "QUIT",
            ],
            extra: ["--color", "always"])
        #expect(result.stdout.contains("\u{1B}[32m250 2.1.0 Ok\u{1B}[0m"))
        #expect(result.stdout.contains("\u{1B}[31m550 5.1.1"))
        #expect(result.stdout.contains("\u{1B}[36m354 "))
        let plain = try runScript(["QUIT"], extra: ["--color", "never"])
        #expect(!plain.stdout.contains("\u{1B}["))
        let auto = try runScript(["QUIT"])
        #expect(!auto.stdout.contains("\u{1B}["), "auto must not colour a pipe")
    }

    @Test func transientClassIsYellow() throws {
        let server = try FaultyServer { _ in .send("451 4.7.1 greylisted, try again later\r\n") }
        let result = try Binary.run(["--color", "always", "127.0.0.1", String(server.port)], input: "MAIL FROM:<a@b.example>\n")
        #expect(result.status == 1)
        #expect(result.stdout.contains("\u{1B}[33m451 4.7.1 greylisted"))
    }

    @Test func metaCommandsWorkInScripts() throws {
        let result = try runScript(["/explain 5.7.1", "NOOP", "/quit"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("5.7.1  "))
        #expect(result.stdout.contains("221 "), "/quit sends QUIT")
    }

    @Test func refusedConnectionHasItsOwnStatus() throws {
        let port = try FaultyServer.unusedPort()
        let result = try Binary.run(["127.0.0.1", String(port)], input: "QUIT\n")
        #expect(result.status == 69)
        #expect(result.stdout.contains("connection refused") || result.stderr.contains("connection refused"))
    }

    @Test func unknownHostHasItsOwnStatus() throws {
        let result = try Binary.run(["no-such-host.invalid", "25"], input: "QUIT\n")
        #expect(result.status == 68)
        #expect((result.stdout + result.stderr).contains("unknown host"))
    }

    @Test func silentServerTimesOut() throws {
        let server = try FaultyServer { _ in .silence }
        let result = try Binary.run(["--timeout", "1", "127.0.0.1", String(server.port)], input: "NOOP\nQUIT\n")
        #expect(result.status == 75)
        #expect(result.stdout.contains("timed out after 1 s waiting for the reply to NOOP"))
        #expect(server.receivedLines == ["NOOP"], "nothing is sent after a timeout")
    }

    @Test func malformedReplyIsReportedAndHasItsOwnStatus() throws {
        let server = try FaultyServer { _ in .send("2x0 what is this\r\n250 ok\r\n") }
        let result = try Binary.run(["127.0.0.1", String(server.port)], input: "NOOP\n")
        #expect(result.status == 76)
        #expect(result.stdout.contains("2x0 what is this"))
        #expect(result.stdout.contains("malformed reply"))
    }

    @Test func droppedConnectionHasItsOwnStatus() throws {
        let server = try FaultyServer { _ in .close }
        let result = try Binary.run(["127.0.0.1", String(server.port)], input: "NOOP\nNOOP\n")
        #expect(result.status == 74)
        #expect(result.stdout.contains("connection closed by the server"))
    }

    @Test func controlSequencesFromTheServerAreShownVisibly() throws {
        let server = try FaultyServer { _ in .send("250 \u{1B}[2J\u{1B}]52;c;aGk=\u{07} ok\r\n") }
        let result = try Binary.run(["127.0.0.1", String(server.port)], input: "NOOP\n")
        #expect(result.stdout.contains("250 \\x1b[2J\\x1b]52;c;aGk=\\x07 ok"))
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func controlSequencesInMalformedRepliesAndInjectedBytesNeverReachTheTerminal() throws {
        let server = try FaultyServer { line in
            line == "STARTTLS" ? .send("220 go ahead\r\n\u{1B}]0;owned\u{07}\u{1B}[2J\r\n") : .send("2x0 \u{1B}[31mred\u{9B}2J\r\n")
        }
        let result = try Binary.run(["--insecure", "127.0.0.1", String(server.port)], input: "NOOP\nSTARTTLS\n")
        #expect(result.stdout.contains("2x0 \\x1b[31mred"), "\(result.stdout)")
        #expect(result.stdout.contains("injected in plaintext"), "the STARTTLS part ran: \(result.stdout)")
        #expect(result.status == 80)
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{9B}"), "\(result.stdout)")
        #expect(!result.stderr.contains("\u{1B}"))
    }

    @Test func badUsageHasItsOwnStatus() throws {
        #expect(try Binary.run(["--color", "sometimes", "localhost"]).status == 64)
        #expect(try Binary.run(["localhost:99999"]).status == 64)
        #expect(try Binary.run(["-4", "-6", "localhost"]).status == 64)
        #expect(try Binary.run(["--dns-server", "127.0.0.1"]).status == 64, "--dns-server needs a server reached by name")
    }

    @Test func transcriptRecordsBothSidesAndRedactsAuth() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smtpc-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let secret = "AGFsaWNlAHNlY3JldA=="
        _ = try runScript(
            ["EHLO client.example", "AUTH PLAIN \(secret)", "/raw AUTH PLAIN c2VjcmV0LXJhdw==\\r\\n", "QUIT"], extra: ["--record", path])
        let transcript = try String(contentsOfFile: path, encoding: .utf8)
        #expect(transcript.contains("CLIENT: EHLO client.example\n"))
        #expect(transcript.contains("SMTPD: 250-PIPELINING\n"))
        #expect(transcript.contains("CLIENT: AUTH PLAIN [redacted]\n"))
        #expect(!transcript.contains(secret))
        #expect(!transcript.contains("c2VjcmV0LXJhdw"), "raw AUTH bytes are redacted too")
        #expect(transcript.contains("CLIENT: [redacted: 29 raw bytes]"))
        #expect(transcript.hasPrefix("# smtpc transcript 1; smtpc "))
        #expect(transcript.split(separator: "\n")[1] == "--- recording started")
    }
}

/// Reading messages Postfix delivered into the test maildir.
enum Maildir {
    /// The text of the first message under `root` (any user, `new/` or `cur/`) containing `token`.
    static func waitForMessage(in root: String, containing token: String, timeout: TimeInterval = 15) -> String? {
        messages(in: root, containing: token, count: 1, timeout: timeout).first
    }

    /// The texts of the messages under `root` containing `token`, once `count` of them are there.
    static func messages(in root: String, containing token: String, count: Int, timeout: TimeInterval = 15) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var found: [String] = []
        while Date() < deadline {
            found = []
            if let enumerator = FileManager.default.enumerator(atPath: root) {
                for case let relative as String in enumerator where relative.contains("/new/") || relative.contains("/cur/") {
                    if let text = try? String(contentsOfFile: root + "/" + relative, encoding: .utf8), text.contains(token) {
                        found.append(text)
                    }
                }
            }
            if found.count >= count { return found }
            usleep(100_000)
        }
        return found
    }
}
