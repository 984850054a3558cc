import SMTPCore
import Testing

/// Well-formed replies: assembly, exact text, quirks real servers send.
@Suite("ReplyParser: well-formed replies")
struct ReplyParserTests {
    @Test func singleLineReply() throws {
        let events = parseAll(wireBytes("220 mail.example ESMTP ready\r\n"))
        #expect(events.count == 1)
        let reply = try #require(events.first?.reply)
        #expect(reply.code == 220)
        #expect(reply.lines.count == 1)
        #expect(
            reply.lines[0]
                == ReplyLine(
                    code: 220, isLast: true, text: wireBytes("mail.example ESMTP ready"),
                    raw: wireBytes("220 mail.example ESMTP ready")))
        #expect(reply.anomalies.isEmpty)
    }

    @Test func multiLineReplyKeepsEveryLine() throws {
        let reply = try #require(parseAll(wireBytes("250-first\r\n250-\r\n250 last\r\n")).first?.reply)
        #expect(reply.code == 250)
        #expect(reply.lines.map(\.isLast) == [false, false, true])
        #expect(reply.lines.map(\.text) == [wireBytes("first"), [], wireBytes("last")])
        #expect(reply.lines.map(\.raw) == [wireBytes("250-first"), wireBytes("250-"), wireBytes("250 last")])
    }

    @Test func lastLineMayBeJustTheCodeOrCodeAndSpace() throws {
        let events = parseAll(wireBytes("250\r\n250 \r\n"))
        let replies = events.compactMap(\.reply)
        #expect(replies.count == 2)
        #expect(replies.map { $0.lines[0].raw } == [wireBytes("250"), wireBytes("250 ")])
        #expect(replies.allSatisfy { $0.lines[0].text.isEmpty && $0.lines[0].isLast })
    }

    @Test func textIsKeptByteForByte() throws {
        // Double spaces, a tab, a lone CR and a non-UTF-8 byte all survive untouched.
        let text: [UInt8] = wireBytes("5.1.1  two  spaces\tand\rCR ") + [0xFF, 0xC3, 0xA9]
        let reply = try #require(parseAll(wireBytes("550 ") + text + wireBytes("\r\n")).first?.reply)
        #expect(reply.lines[0].text == text)
        #expect(reply.lines[0].raw == wireBytes("550 ") + text)
    }

    @Test func nothingIsDeliveredBeforeTheLineEnds() {
        var parser = ReplyParser()
        #expect(parser.feed(wireBytes("250-one\r\n250 tw")).isEmpty)
        #expect(parser.bufferedByteCount == wireBytes("250-one\r\n250 tw").count)
        #expect(parser.feed(wireBytes("o\r")).isEmpty)
        let events = parser.feed(wireBytes("\n"))
        #expect(events.compactMap(\.reply).first?.textLines == ["one", "two"])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func bytesAfterAReplyStayBuffered() {
        // What STARTTLS injection detection relies on: the 220 is delivered, the rest is counted.
        var parser = ReplyParser()
        let events = parser.feed(wireBytes("220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 x"))
        #expect(events.compactMap(\.reply).map(\.code) == [220])
        #expect(parser.bufferedByteCount == wireBytes("250-injected\r\n250 x").count)
    }

    @Test func bareLineFeedIsAcceptedAndReported() throws {
        let reply = try #require(parseAll(wireBytes("250-one\n250 two\r\n")).first?.reply)
        #expect(reply.lines.map(\.endedWithBareLF) == [true, false])
        #expect(reply.lines.map(\.raw) == [wireBytes("250-one"), wireBytes("250 two")])
        #expect(reply.anomalies == [ReplyAnomaly(kind: .bareLineFeed, lineIndex: 0)])
        #expect(reply.anomalies[0].message.contains("Line 1"))
        #expect(reply.anomalies[0].message.contains("bare LF"))
    }

    @Test func finishReportsAnUnfinishedReplyAndResets() throws {
        var parser = ReplyParser()
        #expect(parser.feed(wireBytes("250-one\r\n250 tw")).isEmpty)
        let events = parser.finish()
        let error = try #require(events.first?.error)
        #expect(events.count == 1)
        #expect(error.kind == .unfinishedAtClose)
        #expect(error.abandonedLines.map(\.raw) == [wireBytes("250-one")])
        #expect(error.line == wireBytes("250 tw"))
        #expect(error.message.contains("after 1 line(s) and an unterminated line"))
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.finish().isEmpty)
        #expect(parser.feed(wireBytes("221 bye\r\n")).compactMap(\.reply).map(\.code) == [221])
    }

    @Test func finishReportsALineWithoutTerminator() throws {
        var parser = ReplyParser()
        _ = parser.feed(wireBytes("221 2.0.0 Bye"))
        let error = try #require(parser.finish().first?.error)
        #expect(error.kind == .unfinishedAtClose)
        #expect(error.line == wireBytes("221 2.0.0 Bye"))
        #expect(error.abandonedLines.isEmpty)
        #expect(error.message.contains("no line end"))
    }

    @Test func defaultLimits() {
        let limits = ReplyParser.Limits()
        #expect(limits.maxLineLength == 65536)
        #expect(limits.maxLinesPerReply == 100_000)
        #expect(limits.maxReplyBytes == 4 << 20)
        #expect(ReplyParser().limits == limits)
    }

    @Test func aTenThousandLineReplyIsOneReplyAndAnEndlessOneIsBoundedByItsBytes() throws {
        var parser = ReplyParser()
        var text = ""
        for index in 0..<9_999 { text += "214-help line \(index)\r\n" }
        text += "214 end of HELP\r\n"
        let events = parser.feed(Array(text.utf8))
        #expect(events.count == 1)
        #expect(events.first?.reply?.lines.count == 10_000)

        var endless = ReplyParser(limits: ReplyParser.Limits(maxReplyBytes: 1000))
        let line = Array("250-".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 94) + [0x0D, 0x0A]  // 100 bytes
        var errors: [ReplyParseError] = []
        for _ in 0..<25 {
            errors += endless.feed(line).compactMap(\.error)
            #expect(endless.bufferedByteCount <= 1000)
        }
        #expect(errors.count == 2 && errors.allSatisfy { $0.kind == .tooManyLines })
        #expect(errors.first?.abandonedLines.count == 10)
    }
}
