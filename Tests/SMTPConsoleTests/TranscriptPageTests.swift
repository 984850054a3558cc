import SMTPCore
import SMTPTranscript
import Testing

@testable import SMTPConsole

/// The conversation model and the two page formats, from transcripts in memory.
@Suite struct TranscriptPageTests {
    private func transcript(_ text: String) throws -> Transcript {
        try TranscriptReader.parse(Array(text.utf8), path: "/tmp/x/lesson.txt", format: .text)
    }

    private let lesson = """
        SMTPD: 220 mx ESMTP
        CLIENT: EHLO c
        SMTPD: 250 mx
        CLIENT: MAIL FROM:<a@b>
        SMTPD: 250 2.1.0 Ok
        CLIENT: RCPT TO:<x@y>
        SMTPD: 550 5.1.1 <x@y>: no such user <b>bold</b>
        CLIENT: DATA
        SMTPD: 354 go
        CLIENT: ..dot
        CLIENT: .
        SMTPD: 250 2.0.0 Ok
        CLIENT: AUTH PLAIN [redacted]
        --- TLS established: TLSv1.3, verified

        """

    @Test func repliesAreAnnotatedInTheirContextAsTheConsoleDoes() throws {
        let conversation = Conversation(try #require(try transcript(lesson).sessions.first))
        let annotations = conversation.items.compactMap { item -> String? in
            if case .reply(_, _, let annotation, _) = item { return annotation }
            return nil
        }
        let renderer = ReplyRenderer(style: Style(enabled: false))
        var parser = ReplyParser()
        guard case .reply(let refused)? = parser.feed(Array("550 5.1.1 <x@y>: no such user <b>bold</b>\r\n".utf8)).first else {
            Issue.record("no reply")
            return
        }
        let expected = renderer.annotation(for: refused, context: .rcptTo, elapsedMilliseconds: nil)
        #expect(annotations[3] == String(expected.drop { $0 == " " }))
        #expect(annotations[4].hasPrefix("# 354 "))
        #expect(annotations[5].hasPrefix("# 250 Requested mail action okay, completed — Message accepted"))
        let stuffed = conversation.items.contains { if case .client("..dot", true, true, false, _) = $0 { true } else { false } }
        #expect(stuffed)
        #expect(conversation.items.contains { if case .event(_, .tls, _) = $0 { true } else { false } })
    }

    @Test func htmlEscapesTheServersTextAndHasNoScript() throws {
        let html = TranscriptPage.render(try transcript(lesson), format: .html)
        #expect(html.contains("&lt;x@y&gt;: no such user &lt;b&gt;bold&lt;/b&gt;"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.localizedLowercase.contains("<script"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(html.contains("class=\"server c5xx\""))
        #expect(html.contains("<span class=\"redacted\">[redacted]</span>"))
        #expect(html.contains("<title>SMTP session · lesson.txt</title>"))
    }

    @Test func markdownKeepsTheConversationInOneFence() throws {
        let markdown = TranscriptPage.render(try transcript(lesson), format: .markdown)
        #expect(markdown.hasPrefix("# SMTP session: lesson.txt\n"))
        #expect(markdown.contains("\n```text\nS: 220 mx ESMTP\n  # 220 Service ready — "))
        #expect(markdown.contains("C: ..dot   (dot-stuffed)"))
        #expect(markdown.contains("C: AUTH PLAIN [redacted]   (credential redacted)"))
        #expect(markdown.contains("--- [TLS] TLS established"))
        #expect(TranscriptPage.Format(path: "a.MD") == .markdown && TranscriptPage.Format(path: "a.htm") == .html)
    }
}
