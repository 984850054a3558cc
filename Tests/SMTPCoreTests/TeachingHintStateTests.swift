import SMTPCore
import Testing

/// Hints that depend on where the conversation is, and replies that need none.
@Suite struct TeachingHintStateTests {
    typealias S = TeachingScript

    @Test func ordinarySuccessesGetNoHint() {
        var conversation = TeachingConversation(after: S.greeting)
        let replies: [(String, String)] = [
            ("EHLO client.example", "250-mail.example.org\n250-PIPELINING\n250-SIZE 10240000\n250 8BITMIME"),
            ("NOOP", "250 2.0.0 Ok"),
            ("VRFY bob", "252 2.0.0 bob"),
            ("HELP", "214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT"),
            ("MAIL FROM:<alice@example.org>", "250 2.1.0 Ok"),
            ("RCPT TO:<bob@example.org>", "250 2.1.5 Ok"),
            ("RCPT TO:<carol@example.org>", "251 2.1.5 User not local; will forward to <carol@elsewhere.example>"),
            ("RSET", "250 2.0.0 Ok"),
            ("HELO client.example", "250 mail.example.org"),
        ]
        for (line, reply) in replies {
            #expect(conversation.exchange(line, reply) == nil, "a hint after \(line) → \(reply)")
        }
    }

    @Test func aBDATChunkAndALoginGetNoHintButTheLastChunkDoes() {
        var conversation = TeachingConversation(after: S.ehloAfterTLS)
        #expect(conversation.exchange("AUTH PLAIN AGxlYXJuZXIAcHJhY3RpY2U=", "235 2.7.0 Authentication successful") == nil)
        conversation.play(["C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.org>", "S: 250 2.1.5 Ok"])
        #expect(conversation.exchange("BDAT 100", "250 2.0.0 100 octets received") == nil)
        let last = conversation.exchange("BDAT 20 LAST", "250 2.0.0 Ok: queued as 1A2B3C")
        #expect(last?.contains("queued") == true)
    }

    @Test func aRefusedPipelinedMailExplainsTheRecipientsThatFollow() {
        var conversation = TeachingConversation(
            after: S.ehlo + ["C: MAIL FROM:<alice@bad.invalid>", "C: RCPT TO:<bob@example.org>", "C: DATA"])
        #expect(conversation.receive("553 5.1.8 <alice@bad.invalid>: Sender address rejected: Domain not found") == nil)
        let rcpt = conversation.receive("503 5.5.1 Error: need MAIL command")
        #expect(rcpt?.contains("No sender was accepted yet") == true)
        let data = conversation.receive("503 5.5.1 Error: need RCPT command")
        #expect(data?.contains("MAIL FROM") == true, "DATA without a transaction points back to MAIL FROM")
    }

    @Test func pipelinedRecipientsCountBeforeData() {
        // Both RCPT replies are in before the one to DATA, so the hint knows none was accepted.
        var conversation = TeachingConversation(
            after: S.ehlo + ["C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<x@nowhere.invalid>", "C: DATA"])
        #expect(conversation.receive("250 2.1.0 Ok") == nil)
        #expect(conversation.receive("550 5.1.2 <x@nowhere.invalid>: Recipient address rejected: Domain not found") == nil)
        let data = conversation.receive("554 5.5.1 Error: no valid recipients")
        #expect(data?.contains("No recipient was accepted yet") == true)
    }

    @Test func theSame503IsExplainedByTheState() {
        var fresh = TeachingConversation(after: S.greeting)
        var inTransaction = TeachingConversation(after: S.mail)
        let reply = "503 5.5.1 Bad sequence of commands"
        let beforeHello = fresh.exchange("MAIL FROM:<a@example.org>", reply)
        let nested = inTransaction.exchange("MAIL FROM:<a@example.org>", reply)
        #expect(beforeHello?.contains("EHLO") == true && nested?.contains("RSET") == true)
        #expect(beforeHello != nested)
    }

    @Test func authAfterStartTLSIsAHintOnlyWhileTLSIsMissing() {
        var plain = TeachingConversation(after: S.ehlo)
        var encrypted = TeachingConversation(after: S.ehloAfterTLS)
        let reply = "530 5.7.0 Authentication required"
        #expect(plain.exchange("MAIL FROM:<a@example.org>", reply)?.contains("STARTTLS") == true)
        #expect(encrypted.exchange("MAIL FROM:<a@example.org>", reply)?.contains("STARTTLS") == false)
    }

    @Test func lmtpHintsAfterTheLastPerRecipientReplyOnly() {
        var conversation = TeachingConversation(lmtp: true)
        conversation.play([
            "S: 220 lmtp.example.org LMTP ready",
            "C: LHLO client.example", "S: 250-lmtp.example.org\n250-PIPELINING\n250 ENHANCEDSTATUSCODES",
            "C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.org>", "S: 250 2.1.5 Ok",
            "C: RCPT TO:<carol@example.org>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 Start mail input",
            "C: Subject: two", "C: ", "C: hello",
            "C: .",
        ])
        #expect(conversation.receive("250 2.0.0 <bob@example.org> Saved") == nil)
        #expect(conversation.receive("250 2.0.0 <carol@example.org> Saved")?.contains("MAIL FROM") == true)
    }

    @Test func anLMTPGreetingSuggestsLHLO() {
        var conversation = TeachingConversation(lmtp: true)
        let hint = conversation.receive("220 lmtp.example.org LMTP ready")
        #expect(hint?.contains("LHLO") == true && hint?.contains("EHLO your") == false)
    }

    @Test func theAnswerToACancelledAuthNeedsNoHint() {
        var conversation = TeachingConversation(after: S.ehloAfterTLS + ["C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6"])
        #expect(conversation.exchange("*", "501 5.0.0 Authentication cancelled") == nil)
        conversation.play(["C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6"])
        #expect(conversation.exchange("not base64!", "501 5.5.2 Cannot decode response")?.contains("base64") == true)
    }

    @Test func everyReplyInEveryContextGivesNilOrOneShortLine() {
        let states = [[], S.greeting, S.ehlo, S.recipient, S.ehloAfterTLS].map { TeachingConversation(after: $0) }
        let texts = ["", "5.7.1 Relay access denied greylisted", "4.7.1 \u{FF}\u{0} starttls auth too long", "2.0.0 ok"]
        for code in 200...599 {
            for text in texts {
                let line = ReplyLine(code: code, isLast: true, text: Array(text.utf8), raw: Array("\(code) \(text)".utf8))
                let reply = Reply(code: code, lines: [line])
                for state in states {
                    for context in ReplyContext.allCases {
                        guard let hint = Hints.hint(for: reply, context: context, before: state.machine) else { continue }
                        #expect(hint.count <= Hints.maximumLength && !hint.contains("\n"), "\(code) \(context): \(hint)")
                    }
                }
            }
        }
    }

    @Test func aLongReplyIsReadOnlyAsFarAsNeeded() {
        // The word "relay" beyond the first 2 KiB of text is not looked for: hints stay cheap.
        let filler = String(repeating: "x", count: 3000)
        var conversation = TeachingConversation(after: S.mail)
        #expect(conversation.exchange("RCPT TO:<a@b.example>", "550 \(filler) relay") == nil)
        #expect(conversation.exchange("RCPT TO:<a@b.example>", "550 no relay \(filler)")?.contains("Relay denied") == true)
    }
}
