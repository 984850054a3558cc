import SMTPCore
import SMTPTranscript
import Testing

@testable import SMTPConsole

/// How a recorded session becomes lines to send and replies to expect, and how replies
/// are compared.
@Suite struct ReplayPlanTests {
    private func session(_ text: String) throws -> TranscriptSession {
        let transcript = try TranscriptReader.parse(Array(text.utf8), path: "t", format: .text)
        return try #require(transcript.sessions.first)
    }

    private func reply(_ wire: String) throws -> Reply {
        var parser = ReplyParser()
        let replies = parser.feed(Array(wire.utf8)).compactMap { event -> Reply? in
            if case .reply(let reply) = event { return reply }
            return nil
        }
        return try #require(replies.first)
    }

    @Test func bodyLinesLoseTheirStuffingAndRawLinesGoThroughRaw() throws {
        let plan = try ReplayPlan.make(
            from: session(
                """
                SMTPD: 220 hi
                CLIENT: DATA
                SMTPD: 354 go
                CLIENT: ..dot
                CLIENT: plain
                CLIENT: .
                SMTPD: 250-first
                SMTPD: 250 2.0.0 queued
                CLIENT: NOOP\\r\\nNOOP\\n
                SMTPD: 250 ok

                """), user: nil, password: nil)
        #expect(plan.lines == ["DATA", ".dot", "plain", ".", "/raw NOOP\\r\\nNOOP\\n"])
        #expect(plan.expected.map(\.code) == [220, 354, 250, 250])
        #expect(plan.expected[2].lines.count == 2)
        #expect(!plan.pipelined)
    }

    @Test func commandsSentBeforeTheReplyMeanTheRecordingPipelined() throws {
        let plan = try ReplayPlan.make(
            from: session("SMTPD: 220 hi\nCLIENT: MAIL FROM:<a@b>\nCLIENT: RCPT TO:<c@d>\nSMTPD: 250 a\nSMTPD: 250 b\n"),
            user: nil, password: nil)
        #expect(plan.pipelined)
    }

    @Test func redactedPlainAndLoginAreRebuiltFromTheGivenCredentials() throws {
        let plain = try ReplayPlan.make(
            from: session("SMTPD: 220 hi\nCLIENT: AUTH PLAIN [redacted]\nSMTPD: 235 ok\n"), user: "u", password: "p")
        #expect(plain.lines == ["AUTH PLAIN " + Base64.encode("\u{0}u\u{0}p")])
        let login = try ReplayPlan.make(
            from: session(
                "SMTPD: 220 hi\nCLIENT: AUTH LOGIN\nSMTPD: 334 VXNlcm5hbWU6\nCLIENT: [redacted]\nSMTPD: 334 UGFzc3dvcmQ6\n"
                    + "CLIENT: [redacted]\nSMTPD: 235 ok\n"), user: "u", password: "p")
        #expect(login.lines == ["AUTH LOGIN", Base64.encode("u"), Base64.encode("p")])
        #expect(!login.lines.contains { $0.contains("redacted") })
    }

    @Test func whatCannotBeRebuiltIsRefusedWithTheLine() throws {
        #expect(throws: ReplayPlan.Problem.self) {
            try ReplayPlan.make(from: session("CLIENT: AUTH PLAIN [redacted]\n"), user: nil, password: nil)
        }
        let cram = try session("SMTPD: 220 x\nCLIENT: AUTH CRAM-MD5 [redacted]\n")
        do {
            _ = try ReplayPlan.make(from: cram, user: "u", password: "p")
            Issue.record("CRAM-MD5 cannot be rebuilt")
        } catch {
            #expect(error.description.hasPrefix("line 2: AUTH CRAM-MD5 was redacted"))
        }
    }

    @Test func repliesAreComparedByCodeAndByTheEnhancedCodeWhenRecorded() throws {
        let comparison = ReplayComparison(
            expected: [try reply("250 ok\r\n"), try reply("250 2.1.5 ok\r\n"), try reply("250 2.1.5 ok\r\n")], compareText: false)
        #expect(comparison.received(try reply("250 2.0.0 other words\r\n"), context: nil) == nil)
        #expect(comparison.received(try reply("250 2.1.5 different text\r\n"), context: nil) == nil)
        let difference = try #require(comparison.received(try reply("550 5.1.1 no such user\r\n"), context: .rcptTo))
        #expect(
            difference
                == "≠ reply 3: expected 250 2.1.5, got 550 5.1.1 \"no such user\" — Requested action not taken: mailbox unavailable"
                + " · 5.1.1 Bad destination mailbox address")
        #expect(comparison.received(try reply("221 bye\r\n"), context: nil)?.contains("the recording had no more replies") == true)
        let summary = comparison.finish()
        #expect(!summary.matched && summary.lines.last == "replay: 2 of 4 replies differ from the recording")
    }

    @Test func withTextTheWordsMatterAndMissingRepliesAreCounted() throws {
        let comparison = ReplayComparison(expected: [try reply("250 ok\r\n"), try reply("221 bye\r\n")], compareText: true)
        #expect(
            comparison.received(try reply("250 OK\r\n"), context: nil)?
                .hasPrefix("≠ reply 1: expected 250 \"ok\", got 250 \"OK\"") == true)
        let summary = comparison.finish()
        #expect(summary.lines.first == "≠ the recording had 2 replies; 1 arrived (the rest never came)")
        #expect(!summary.matched)
    }
}
