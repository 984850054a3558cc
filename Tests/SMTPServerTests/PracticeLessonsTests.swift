import Foundation
import SMTPServer
import SMTPTranscript
import Testing

/// What the practice server teaches on demand: failures chosen by address, the strict
/// scenario's synchronization errors, and a transcript of every conversation.
@Suite(.serialized) struct PracticeLessonsTests {
    @Test func everyRecipientTriggerFailsAsDocumented() async throws {
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        for trigger in AddressTrigger.all where trigger.moment == .immediately {
            let client = try RawClient.greeted(server)
            _ = try client.command("MAIL FROM:<a@x.org>")
            let reply = try client.command("RCPT TO:<\(trigger.code)@fail.test>")
            #expect(reply.hasPrefix("\(trigger.code) \(trigger.enhanced) \(trigger.text)"), "\(reply)")
            #expect(try client.command("RCPT TO:<b@y.org>").hasPrefix("250 "), "other recipients are unaffected")
            _ = try client.command("QUIT")
        }
        // The same for MAIL FROM.
        let client = try RawClient.greeted(server)
        #expect(try client.command("MAIL FROM:<451@FAIL.test>").hasPrefix("451 4.7.1 Deferred"))
        #expect(try client.command("MAIL FROM:<a@x.org>").hasPrefix("250 "), "no transaction was opened")
    }

    @Test func fiveFiftyTwoAnswersTheFinalDotAndFourTwentyOneCloses() async throws {
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let client = try RawClient.greeted(server)
        _ = try client.command("MAIL FROM:<a@x.org>")
        #expect(try client.command("RCPT TO:<552@fail.test>").hasPrefix("250 2.1.5"))
        #expect(try client.command("DATA").hasPrefix("354"))
        try client.send("Subject: too much\r\n\r\nbody\r\n.\r\n")
        #expect(try client.readReply() == ["552 5.2.2 Mailbox full: the message does not fit (<552@fail.test> asks for 552)"])
        #expect(server.messages.isEmpty)

        let second = try RawClient.greeted(server)
        _ = try second.command("MAIL FROM:<a@x.org>")
        #expect(try second.command("RCPT TO:<421@fail.test>").hasPrefix("421 4.3.2 Service shutting down"))
        #expect(try second.waitForClose())
    }

    @Test func strictCatchesAClientThatTalksBeforeTheGreeting() async throws {
        let server = try await ServerFixture.start {
            $0.apply(.strict)
            $0.greetingDelay = .milliseconds(500)
        }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        try client.send("EHLO eager.example\r\n")
        let reply = try client.readReply()
        #expect(reply.first == "554-5.5.0 SMTP synchronization error")
        #expect(reply.contains { $0.contains("The client talked before the greeting") })
        #expect(try client.waitForClose())
    }

    @Test func strictOffersNoPipeliningAndCatchesAClientThatUsesIt() async throws {
        let server = try await ServerFixture.start {
            $0.apply(.strict)
            $0.greetingDelay = .milliseconds(100)
        }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        #expect(try client.readReply().first?.hasPrefix("220 ") == true, "a patient client is greeted")
        try client.send("EHLO c.example\r\n")
        #expect(try !client.readReply().contains { $0.contains("PIPELINING") })
        #expect(try client.command("MAIL FROM:<a@x.org>").hasPrefix("250 "), "one at a time is fine")
        try client.send("RCPT TO:<b@y.org>\r\nDATA\r\n")
        let reply = try client.readReply()
        #expect(reply.first == "554-5.5.0 SMTP synchronization error", "\(reply)")
        #expect(try client.waitForClose())
    }

    @Test func everyConversationIsRecordedAndReadsBack() async throws {
        let directory = try ServerFixture.temporaryDirectory("record")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ServerFixture.start { $0.recordDirectory = directory + "/sessions" }
        defer { Task { await server.stop() } }
        let client = try RawClient.greeted(server)
        _ = try client.command("MAIL FROM:<a@x.org>")
        _ = try client.command("RCPT TO:<550@fail.test>")
        _ = try client.command("AUTH PLAIN AGRlbW8AZGVtbw==")
        _ = try client.command("QUIT")
        #expect(try client.waitForClose())
        try await Task.sleep(for: .milliseconds(200))

        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/sessions")
        #expect(names.count == 1)
        let name = try #require(names.first)
        // TIME-CLIENT-NUMBER.txt: 2026-12-03T09-30-00.123Z-127.0.0.1_52344-1.txt
        #expect(name.contains("Z-127.0.0.1_") && name.hasSuffix("-1.txt") && !name.contains(":"), "\(name)")
        let transcript = try TranscriptReader.read(path: directory + "/sessions/" + name)
        let session = try #require(transcript.sessions.first)
        #expect(session.header?.target == "127.0.0.1:\(server.port)", "replay goes back to this server")
        let sent = session.records.filter { $0.direction == .client }.map(\.text)
        #expect(sent == ["EHLO c.example", "MAIL FROM:<a@x.org>", "RCPT TO:<550@fail.test>", "AUTH PLAIN [redacted]", "QUIT"])
        #expect(session.records.contains { $0.direction == .server && $0.text.hasPrefix("550 5.1.1 No such user here") })
        #expect(session.records.last?.event == .closed(by: .server, reason: nil))
        let text = try String(contentsOfFile: directory + "/sessions/" + name, encoding: .utf8)
        #expect(!text.contains("AGRlbW8AZGVtbw=="), "the credential is redacted")
    }
}
