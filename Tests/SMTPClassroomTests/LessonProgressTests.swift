import SMTPTranscript
import Testing

@testable import SMTPClassroom

/// The lesson steps computed from conversations as the practice server records them.
@Suite struct LessonProgressTests {
    @Test func theStepsAreOneTableInOrder() {
        #expect(LessonStep.allCases.first == .greeted)
        #expect(LessonStep.allCases.last == .transcriptReplayed)
        for step in LessonStep.allCases {
            #expect(!step.title.isEmpty)
            #expect(step.hint.count > 20)
        }
        #expect(LessonProgress(conversations: []).next == .greeted)
        #expect(LessonProgress(conversations: []).hint == LessonStep.greeted.hint)
    }

    @Test func greetingAndEHLO() {
        #expect(LessonProgress.compute(conversations: [ConversationBuilder.greeted(ehlo: false).entries]) == [.greeted])
        var refused = ConversationBuilder()
        refused.server("554 5.3.2 No service for you")
        refused.client("EHLO student")
        refused.server("503 5.5.1 Bad sequence")
        #expect(LessonProgress.compute(conversations: [refused.entries]).isEmpty)
        let progress = LessonProgress(conversations: [ConversationBuilder.greeted().entries])
        #expect(progress.reached == [.greeted, .ehlo])
        #expect(progress.next == .messageAccepted)
    }

    @Test func aMessageAcceptedAndBodyLinesAreNotCommands() {
        var builder = ConversationBuilder.greeted()
        builder.sendMessage()
        builder.quit()
        #expect(LessonProgress.compute(conversations: [builder.entries]) == [.greeted, .ehlo, .messageAccepted])
    }

    @Test func aRefusedMessageIsNotAccepted() {
        var builder = ConversationBuilder.greeted()
        builder.client("MAIL FROM:<a@example.org>")
        builder.server("250 2.1.0 OK")
        builder.client("RCPT TO:<b@example.org>")
        builder.server("250 2.1.5 OK")
        builder.client("DATA")
        builder.server("354 Go ahead")
        builder.client("x")
        builder.client(".")
        builder.server("552 5.2.2 Mailbox full")
        #expect(!LessonProgress.compute(conversations: [builder.entries]).contains(.messageAccepted))
    }

    @Test func chunkingLastIsAccepted() {
        var builder = ConversationBuilder.greeted()
        builder.client("MAIL FROM:<a@example.org>")
        builder.server("250 2.1.0 OK")
        builder.client("RCPT TO:<b@example.org>")
        builder.server("250 2.1.5 OK")
        builder.client("BDAT 20 LAST")
        builder.client("Subject: x")
        builder.client("")
        builder.client("body")
        builder.server("250 2.0.0 Accepted")
        let steps = LessonProgress.compute(conversations: [builder.entries])
        #expect(steps.contains(.messageAccepted))
        #expect(!steps.contains(.pipelined))
    }

    @Test func startTLSAndAuth() {
        var builder = ConversationBuilder.greeted()
        builder.client("STARTTLS")
        builder.server("220 2.0.0 Ready to start TLS")
        let details = TranscriptEvent.TLSDetails(
            protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", subject: nil, issuer: nil, verified: false,
            summary: "TLSv1.3, TLS_AES_128_GCM_SHA256")
        builder.event(.tlsEstablished(details))
        builder.client("EHLO student")
        builder.server("250-practice.smtpc.test", "250 AUTH PLAIN LOGIN")
        builder.client("AUTH LOGIN")
        builder.server("334 VXNlcm5hbWU6")
        builder.client("YWxpY2U=", secret: true)
        builder.server("334 UGFzc3dvcmQ6")
        builder.client("c2VjcmV0", secret: true)
        builder.server("235 2.7.0 Authentication successful")
        let steps = LessonProgress.compute(conversations: [builder.entries])
        #expect(steps == [.greeted, .ehlo, .startTLS, .auth])
        // The 334 answers are not commands: two of them after AUTH are not a pipelined group.
        #expect(!steps.contains(.pipelined))
    }

    @Test func aFailedAuthIsNotReached() {
        var builder = ConversationBuilder.greeted()
        builder.client("AUTH PLAIN AGFsaWNlAHdyb25n", secret: true, redacted: "AUTH PLAIN [redacted]")
        builder.server("535 5.7.8 Authentication credentials invalid")
        #expect(!LessonProgress.compute(conversations: [builder.entries]).contains(.auth))
    }

    @Test func aRefusedRecipientHandled() {
        var refusedThenQuit = ConversationBuilder.greeted()
        refusedThenQuit.client("MAIL FROM:<a@example.org>")
        refusedThenQuit.server("250 2.1.0 OK")
        refusedThenQuit.client("RCPT TO:<550@fail.test>")
        refusedThenQuit.server("550 5.1.1 No such user here")
        refusedThenQuit.quit()
        #expect(!LessonProgress.compute(conversations: [refusedThenQuit.entries]).contains(.refusedRecipientHandled))
        for next in ["RSET", "RCPT TO:<bob@example.org>"] {
            var builder = ConversationBuilder.greeted()
            builder.client("MAIL FROM:<a@example.org>")
            builder.server("250 2.1.0 OK")
            builder.client("RCPT TO:<451@fail.test>")
            builder.server("451 4.7.1 Deferred: try again later")
            builder.client(next)
            builder.server("250 OK")
            #expect(LessonProgress.compute(conversations: [builder.entries]).contains(.refusedRecipientHandled))
        }
    }

    @Test func aPipelinedGroup() {
        var builder = ConversationBuilder.greeted()
        builder.client("MAIL FROM:<a@example.org>")
        builder.client("RCPT TO:<550@fail.test>")
        builder.client("DATA")
        builder.server("250 2.1.0 OK")
        builder.server("550 5.1.1 No such user here")
        builder.server("554 5.5.1 No valid recipients")
        builder.client("RSET")
        builder.server("250 2.0.0 OK")
        let steps = LessonProgress.compute(conversations: [builder.entries])
        #expect(steps.contains(.pipelined))
        #expect(steps.contains(.refusedRecipientHandled))
        #expect(!steps.contains(.messageAccepted))
    }

    @Test func aReplayRepeatsAnEarlierConversationsClientLines() {
        var first = ConversationBuilder.greeted()
        first.sendMessage()
        first.quit()
        var again = ConversationBuilder(started: 1_800_000_600)
        again.server("220 practice.smtpc.test ESMTP")
        again.client("EHLO student")
        again.server("250 practice.smtpc.test")
        again.sendMessage()
        again.quit()
        #expect(!LessonProgress.compute(conversations: [first.entries]).contains(.transcriptReplayed))
        #expect(LessonProgress.compute(conversations: [first.entries, again.entries]).contains(.transcriptReplayed))
        var different = ConversationBuilder.greeted()
        different.sendMessage(to: "carol@example.org")
        different.quit()
        #expect(!LessonProgress.compute(conversations: [first.entries, different.entries]).contains(.transcriptReplayed))
        // Fewer than three commands do not count as a replay.
        var short = ConversationBuilder.greeted()
        short.quit()
        #expect(!LessonProgress.compute(conversations: [short.entries, short.entries]).contains(.transcriptReplayed))
    }

    @Test func everyStepReached() {
        var builder = ConversationBuilder.greeted()
        builder.client("STARTTLS")
        builder.server("220 Ready")
        let details = TranscriptEvent.TLSDetails(
            protocolVersion: "TLSv1.3", cipher: nil, subject: nil, issuer: nil, verified: false, summary: "TLSv1.3")
        builder.event(.tlsEstablished(details))
        builder.event(.authenticated(mechanism: "PLAIN"))
        builder.client("MAIL FROM:<a@example.org>")
        builder.client("RCPT TO:<550@fail.test>")
        builder.server("250 OK")
        builder.server("550 No")
        builder.client("RCPT TO:<b@example.org>")
        builder.server("250 OK")
        builder.sendMessage()
        let progress = LessonProgress(conversations: [builder.entries, builder.entries])
        #expect(progress.reached == Set(LessonStep.allCases))
        #expect(progress.next == nil)
        #expect(progress.hint == nil)
    }
}
