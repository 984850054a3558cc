import Foundation
import SMTPTranscript
import TestSupport
import Testing

/// Transcripts recorded against the real Postfix from `make test`, read back with the
/// transcript reader and compared with what Postfix received (its maildir and its log).
@Suite(.serialized) struct RecordingTests {
    let env: TestEnvironment
    let directory: URL

    init() throws {
        env = try TestEnvironment.load()
        directory = try makeTemporaryDirectory(prefix: "smtpc-rec")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private var postfixLog: String { env.values["SMTPC_TEST_POSTFIX_LOG"] ?? env.directory + "/postfix.log" }

    /// Waits until Postfix's log holds a line containing every one of `parts`.
    private func logLine(containing parts: [String], timeout: TimeInterval = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let log = (try? String(contentsOfFile: postfixLog, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").last(where: { line in parts.allSatisfy { line.contains($0) } }) {
                return String(line)
            }
            usleep(100_000)
        }
        return nil
    }

    private func message(token: String) -> [String] {
        ["Subject: recorded \(token)", "", "first line", ".a dot that gets stuffed", "", "last line"]
    }

    private func records(_ transcript: Transcript) -> [TranscriptRecord] { transcript.sessions.flatMap(\.records) }

    /// The queue ID from a transcript's `250 … queued as ID` line.
    private func queueID(in records: [TranscriptRecord]) -> String? {
        records.first { $0.direction == .server && $0.text.contains("queued as ") }?.text
            .components(separatedBy: "queued as ").last?.trimmingCharacters(in: .whitespaces)
    }

    @Test func aPlainSessionIsRecordedLineForLineAsPostfixReceivedIt() throws {
        let token = UUID().uuidString
        let file = path("plain.txt")
        let script =
            ["EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.user)>", "DATA"]
            + message(token: token) + [".", "QUIT"]
        let result = try Binary.run(
            ["--record", file, env.host, String(env.smtpPort)], input: script.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")

        let transcript = try TranscriptReader.read(path: file)
        let session = try #require(transcript.sessions.first)
        #expect(transcript.sessions.count == 1)
        #expect(session.header?.target == "\(env.host):\(env.smtpPort)")
        #expect(session.header?.tls == "none" && session.header?.lmtp == false)
        #expect(session.header?.smtpcVersion.isEmpty == false)
        let all = records(transcript)
        #expect(all.first?.event == .recordingStarted)
        #expect(all.contains { $0.event == .connected(target: "\(env.host):\(env.smtpPort)", address: nil) })
        #expect(all.last?.event == .closed(by: .server, reason: nil))

        // The body as recorded (dot-stuffing undone) is the message Postfix delivered.
        let client = all.filter { $0.direction == .client }.map(\.text)
        let start = try #require(client.firstIndex(of: "DATA")) + 1
        let end = try #require(client[start...].firstIndex(of: "."))
        let body = client[start..<end].map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
        #expect(Array(body) == message(token: token))
        let delivered = try #require(Maildir.waitForMessage(in: env.maildir, containing: token), "not delivered")
        let lines = delivered.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        // Postfix adds headers (Received, Message-Id, Date …): the Subject is among them, and
        // the body after the blank line is the recorded body, line for line.
        let headerEnd = try #require(lines.firstIndex(of: ""))
        #expect(lines[..<headerEnd].contains("Subject: recorded \(token)"))
        let recordedBody = Array(body.drop { !$0.isEmpty }.dropFirst())
        #expect(Array(lines[(headerEnd + 1)...].prefix(recordedBody.count)) == recordedBody)
        #expect(recordedBody == ["first line", ".a dot that gets stuffed", "", "last line"])

        // Every reply line is one SMTPD line, and the queue ID in it is the one Postfix logged.
        #expect(all.filter { $0.direction == .server }.contains { $0.text == "250-PIPELINING" })
        let id = try #require(queueID(in: all))
        #expect(logLine(containing: ["\(id): client=", "127.0.0.1"]) != nil, "Postfix did not log queue ID \(id)")
    }

    @Test func aStartTLSSessionRecordsTheHandshakeAsATypedEvent() throws {
        let file = path("tls.jsonl")
        let result = try Binary.run(
            ["--record", file, "--starttls", "--cafile", env.caFile, env.host, String(env.smtpPort)], input: "NOOP\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let transcript = try TranscriptReader.read(path: file)
        #expect(transcript.format == .jsonLines)
        #expect(transcript.sessions.first?.header?.tls == "starttls")
        let all = records(transcript)
        let client = all.filter { $0.direction == .client }.map(\.text)
        #expect(client == ["EHLO \(try #require(client.first?.dropFirst(5)))", "STARTTLS", client[2], "NOOP", "QUIT"])
        let handshakes = all.compactMap { record -> TranscriptEvent.TLSDetails? in
            if case .tlsEstablished(let details)? = record.event { return details }
            return nil
        }
        let tls = try #require(handshakes.first)
        #expect(tls.verified)
        #expect(tls.subject?.contains(env.hostname) == true)
        let cipher = try #require(tls.cipher)
        // Postfix saw the same protocol and cipher.
        #expect(
            logLine(containing: ["TLS connection established from", "127.0.0.1", ": \(tls.protocolVersion) with cipher \(cipher)"])
                != nil)
        // The STARTTLS line comes before the event, the second EHLO after it.
        let eventIndex = try #require(all.firstIndex { if case .tlsEstablished? = $0.event { true } else { false } })
        #expect(all[..<eventIndex].contains { $0.text == "STARTTLS" })
        #expect(all[eventIndex...].contains { $0.direction == .client && $0.text.hasPrefix("EHLO ") })
    }

    @Test func anAuthSessionRecordsTheMechanismButNeverTheSecret() throws {
        let token = UUID().uuidString
        let file = path("auth.txt")
        let secret = Data("\u{0}\(env.user)\u{0}\(env.password)".utf8).base64EncodedString()
        let script = [
            "EHLO client.example", "AUTH PLAIN \(secret)", "MAIL FROM:<\(env.user)>", "RCPT TO:<\(env.user)>", "DATA",
            "Subject: auth \(token)", "", "hello", ".", "QUIT",
        ]
        let result = try Binary.run(
            ["--record", file, "--timestamps", "--starttls", "--cafile", env.caFile, env.host, String(env.submissionPort)],
            input: script.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains(secret) && !text.contains(env.password))
        let transcript = try TranscriptReader.read(path: file)
        #expect(transcript.sessions.first?.header?.timestamps == true)
        let all = records(transcript)
        #expect(all.contains { $0.direction == .client && $0.redacted && $0.text == "AUTH PLAIN [redacted]" })
        #expect(all.contains { $0.event == .authenticated(mechanism: "PLAIN") })
        // Timestamps: every line has one, in order.
        let times = all.compactMap(\.time)
        #expect(times.count == all.count && times == times.sorted())
        // Postfix logged the same mechanism and user for the message's queue ID.
        let id = try #require(queueID(in: all))
        #expect(logLine(containing: ["\(id): client=", "sasl_method=PLAIN", "sasl_username=\(env.user)"]) != nil)
    }

    @Test func anExistingTranscriptIsRefusedBeforeConnectingUnlessAppendOrForce() throws {
        let file = path("again.txt")
        let target = [env.host, String(env.smtpPort)]
        #expect(try Binary.run(["--record", file] + target, input: "QUIT\n").status == 0)
        let before = try String(contentsOfFile: file, encoding: .utf8)

        let refused = try Binary.run(["--record", file] + target, input: "QUIT\n")
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("already exists") && refused.stderr.contains("--append"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("connect"), "refused before connecting: \(refused.stdout)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)

        #expect(try Binary.run(["--record", file, "--append"] + target, input: "QUIT\n").status == 0)
        #expect(try TranscriptReader.read(path: file).sessions.count == 2)

        #expect(try Binary.run(["--record", file, "--force"] + target, input: "QUIT\n").status == 0)
        let replaced = try TranscriptReader.read(path: file)
        #expect(replaced.sessions.count == 1)
        #expect(records(replaced).filter { $0.text == "QUIT" }.count == 1)

        #expect(try Binary.run(["--record", file, "--append", "--force"] + target, input: "QUIT\n").status == 64)
    }
}
