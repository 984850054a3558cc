import Foundation
import SMTPTranscript
import TestSupport
import Testing

/// `smtpc replay` against the real Postfix from `make test`: recordings made here replay
/// cleanly against the same server and show their differences against another.
@Suite(.serialized) struct ReplayTests {
    let env: TestEnvironment
    let directory: URL

    init() throws {
        env = try TestEnvironment.load()
        directory = try makeTemporaryDirectory(prefix: "smtpc-replay")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Records `script` against Postfix's `port` into `name`, which it returns.
    private func record(_ name: String, port: Int, options: [String] = [], _ script: [String]) throws -> String {
        let file = path(name)
        let result = try Binary.run(
            ["--record", file] + options + [env.host, String(port)], input: script.joined(separator: "\n") + "\n")
        try #require(result.status == 0 || result.status == 1, "recording failed: \(result.stdout)\n\(result.stderr)")
        return file
    }

    private func message(_ token: String) -> [String] {
        ["MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.user)>", "DATA", "Subject: replay \(token)", "", ".dot", "."]
    }

    @Test func aPlainRecordingReplaysCleanlyAndItsMessageArrivesAgain() throws {
        let token = UUID().uuidString
        let file = try record(
            "plain.txt", port: env.smtpPort, ["EHLO client.example", "RCPT TO:<x@y>"] + message(token) + ["QUIT"])
        let replay = try Binary.run(["replay", file, "--no-history"])
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(replay.stdout.contains("replay: all 8 replies matched the recording"), "\(replay.stdout)")
        #expect(!replay.stdout.contains("≠"))
        // The body was un-stuffed and stuffed again: the second copy arrives intact too.
        let copies = Maildir.messages(in: env.maildir, containing: "replay \(token)", count: 2)
        #expect(copies.count == 2)
        #expect(copies.allSatisfy { $0.contains("\n.dot\n") && !$0.contains("..dot") })
    }

    @Test func withTextTheChangedQueueIDIsADifference() throws {
        let file = try record("text.txt", port: env.smtpPort, ["EHLO client.example"] + message(UUID().uuidString) + ["QUIT"])
        let replay = try Binary.run(["replay", file, "--text", "--no-history"])
        #expect(replay.status == 2, "\(replay.stdout)")
        #expect(replay.stdout.contains("≠ reply 6: expected 250 2.0.0 \"Ok: queued as "), "\(replay.stdout)")
        #expect(replay.stdout.contains("replay: 1 of 7 replies differ"))
    }

    @Test func aStartTLSRecordingReplaysWithARealHandshake() throws {
        let file = try record(
            "tls.jsonl", port: env.smtpPort, options: ["--starttls", "--cafile", env.caFile], ["NOOP", "QUIT"])
        let replay = try Binary.run(["replay", file, "--cafile", env.caFile, "--no-history"])
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(replay.stdout.contains("--- TLS established: TLSv1."), "\(replay.stdout)")
        #expect(replay.stdout.contains("replay: all 6 replies matched"))

        // The port without TLS refuses STARTTLS: listed, non-zero.
        let other = try Binary.run(["replay", file, env.host, String(env.noTLSPort), "--cafile", env.caFile, "--no-history"])
        #expect(other.status != 0)
        #expect(other.stdout.contains("≠ reply 3: expected 220 2.0.0, got 502 5.5.1"), "\(other.stdout)")
        #expect(other.stdout.contains("differ from the recording"))
    }

    @Test func aRedactedAuthIsRebuiltFromTheGivenPasswordNeverSentAsRedacted() throws {
        let secret = Data("\u{0}\(env.user)\u{0}\(env.password)".utf8).base64EncodedString()
        let file = try record(
            "auth.txt", port: env.submissionPort, options: ["--starttls", "--cafile", env.caFile],
            ["AUTH PLAIN \(secret)", "QUIT"])
        #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains(secret))
        let passwordFile = path("password")
        try env.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)

        let without = try Binary.run(["replay", file, "--cafile", env.caFile, "--no-history"])
        #expect(without.status == 64)
        #expect(without.stderr.contains("was redacted: give --user and the password"), "\(without.stderr)")

        let replay = try Binary.run(
            ["replay", file, "--cafile", env.caFile, "--user", env.user, "--password-file", passwordFile, "--no-history"])
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(replay.stdout.contains("235 2.7.0 Authentication successful"))
        #expect(!replay.stdout.contains(secret))
        #expect(replay.stdout.contains("> AUTH PLAIN [redacted]"), "shown redacted, sent rebuilt (the 235 says so)")

        // In a terminal, replay asks for the user and the password (without echo).
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["replay", file, "--cafile", env.caFile, "--no-history"], columns: 160, rows: 60)
        #expect(terminal.waitFor("User for the recorded AUTH: ", timeout: 10), "\(terminal.screenText)")
        terminal.send(env.user + "\r")
        #expect(terminal.waitFor("Password for \(env.user): ", timeout: 10))
        let mark = terminal.screenText.count
        terminal.send(env.password + "\r")
        #expect(terminal.waitFor("replay: all 6 replies matched", after: mark, timeout: 15), "\(terminal.screenText)")
        #expect(!terminal.screenText.contains(env.password), "the password was not echoed")

        let wrong = path("wrong")
        try "not-the-password".write(toFile: wrong, atomically: true, encoding: .utf8)
        let refused = try Binary.run(
            ["replay", file, "--cafile", env.caFile, "--user", env.user, "--password-file", wrong, "--no-history"])
        #expect(refused.status == 2)
        #expect(refused.stdout.contains("≠ reply 5: expected 235 2.7.0, got 535 5.7.8"), "\(refused.stdout)")
    }

    @Test func replayCanRecordItself() throws {
        let file = try record("again.txt", port: env.smtpPort, ["NOOP", "QUIT"])
        let second = path("replayed.jsonl")
        let replay = try Binary.run(["replay", file, "--record", second, "--no-history"])
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        let recorded = try TranscriptReader.read(path: second)
        let sent = recorded.sessions.flatMap(\.records).filter { $0.direction == .client }.map(\.text)
        #expect(sent == ["NOOP", "QUIT"])
        #expect(recorded.sessions.first?.header?.target == "\(env.host):\(env.smtpPort)")
    }

    @Test func anUnreadableOrMalformedTranscriptHasItsOwnStatus() throws {
        let missing = try Binary.run(["replay", path("nothing.txt")])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nothing.txt: cannot open"))
        let bad = path("bad.txt")
        try "SMTPD: 220 hi\nCLIENT: EHLO \\q\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let malformed = try Binary.run(["replay", bad])
        #expect(malformed.status == 66)
        #expect(malformed.stderr.contains("bad.txt:2: Unknown escape"), "\(malformed.stderr)")
    }
}

/// The practice server's lessons from smtpc's side: `serve --record-dir`, its transcripts
/// replayed against it, `/sessions` for the in-process server.
@Suite(.serialized) struct PracticeRecordingTests {
    @Test func aServeTranscriptReplaysAgainstTheSameServer() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-serve-rec")
        let serve = try ServeProcess(arguments: ["--record-dir", directory.path + "/sessions"])
        let client = try Binary.run(
            ["--no-history", "127.0.0.1", String(serve.port)],
            input: "EHLO client.example\nMAIL FROM:<a@example.org>\nRCPT TO:<550@fail.test>\nRCPT TO:<b@example.org>\nQUIT\n")
        #expect(client.status == 1, "the 550 is negative: \(client.stdout)")
        #expect(client.stdout.contains("550 5.1.1 No such user here (<550@fail.test> asks for 550)"))
        usleep(200_000)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/sessions")
        let name = try #require(names.first, "no transcript in \(directory.path)/sessions")
        let replay = try Binary.run(["replay", directory.path + "/sessions/" + name, "--no-history"])
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(replay.stdout.contains("replay: all 6 replies matched the recording"), "\(replay.stdout)")
        #expect(serve.logText.contains("transcripts    every conversation in"))
    }

    @Test func sessionsListsThePracticeConversations() throws {
        let result = try Binary.run(["--no-history"], input: "EHLO client.example\nRCPT TO:<451@fail.test>\n/sessions\nQUIT\n")
        #expect(result.stdout.contains("1 conversation(s) recorded by the practice server"), "\(result.stdout)")
        #expect(result.stdout.contains("-127.0.0.1_"))
        let help = try Binary.run(["--no-history"], input: "/help practice\nQUIT\n")
        #expect(help.stdout.contains("552@fail.test is accepted, then answers the final dot"))
        #expect(help.stdout.contains("SMTP synchronization error"))
    }
}
