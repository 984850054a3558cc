import SMTPCore
import Testing

@testable import SMTPConsole

/// Annotations start with the table's description (the reference page's words for its 24
/// codes), then the meaning in context, the enhanced code and the time.
@Suite struct AnnotationTests {
    private let renderer = ReplyRenderer(style: Style(enabled: false))

    private func reply(_ wire: String) throws -> Reply {
        var parser = ReplyParser()
        guard case .reply(let reply)? = parser.feed(Array(wire.utf8)).first else {
            throw ParseFailure()
        }
        return reply
    }

    private struct ParseFailure: Error {}

    @Test func theReferencePageWordsComeFirstThenTheMeaningInContext() throws {
        let refused = try reply("550 5.1.1 <nobody@example.org>: Recipient address rejected\r\n")
        let text = renderer.annotation(for: refused, context: .rcptTo, elapsedMilliseconds: 3)
        #expect(text.hasPrefix("  # 550 Requested action not taken: mailbox unavailable — "))
        #expect(text.contains(" · 5.1.1 Bad destination mailbox address"))
        #expect(text.hasSuffix(" · 3 ms"))
        let meaning = ReplyCodeTable.meaning(of: 550, after: .rcptTo)
        #expect(meaning.summary != meaning.description)
        #expect(text.contains(" — " + meaning.summary + " · "))

        let greeting = try reply("220 mx.example.org ESMTP\r\n")
        #expect(renderer.annotation(for: greeting, context: .greeting, elapsedMilliseconds: nil).hasPrefix("  # 220 Service ready — "))
    }

    /// Every one of the reference page's 24 rows leads its annotation with the row's words.
    @Test func all24ReferenceRowsAreTheAnnotationsFirstWords() throws {
        let rows = ReplyCodeTable.all.filter(\.isFromReferencePage)
        #expect(rows.count == 24)
        for row in rows {
            let annotation = renderer.annotation(for: try reply("\(row.code) x\r\n"), context: nil, elapsedMilliseconds: nil)
            #expect(annotation.hasPrefix("  # \(row.code) \(row.description)"), "\(annotation)")
        }
    }

    @Test func aDescriptionThatIsAlsoTheMeaningIsNotRepeated() throws {
        let text = renderer.annotation(for: try reply("354 go ahead\r\n"), context: nil, elapsedMilliseconds: 1)
        #expect(!text.contains(" — "))
    }

    @Test func onATerminalTheAnnotationStaysOneLine() throws {
        let refused = try reply("550 5.1.1 <nobody@example.org>: Recipient address rejected\r\n")
        let full = renderer.annotation(for: refused, context: .rcptTo, elapsedMilliseconds: 12)
        for columns in [60, 80, 100, 120] where full.count >= columns {
            let short = renderer.annotation(for: refused, context: .rcptTo, elapsedMilliseconds: 12, columns: columns)
            #expect(short.hasPrefix("  # 550 Requested action not taken: mailbox unavailable"))
            #expect(short.hasSuffix(" · 5.1.1 Bad destination mailbox address · 12 ms"))
            #expect(short.count < columns || !short.contains(" — "), "\(columns): \(short)")
            if short.contains(" — ") { #expect(short.contains("…")) }
        }
        #expect(renderer.annotation(for: refused, context: .rcptTo, elapsedMilliseconds: 12, columns: 400) == full)
    }
}
