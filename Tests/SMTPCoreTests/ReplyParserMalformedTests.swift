import SMTPCore
import Testing

/// Input that cannot become a reply: reported as data, then the parser carries on.
@Suite("ReplyParser: malformed input")
struct ReplyParserMalformedTests {
    /// Parses `line` followed by a good reply; expects one error of `kind`, then that reply.
    private func expectError(_ kind: ReplyParseError.Kind, for line: String) throws -> ReplyParseError {
        let events = parseAll(wireBytes(line + "\r\n250 ok\r\n"))
        #expect(events.count == 2, "\(line.debugDescription): \(events)")
        let error = try #require(events.first?.error, "\(line.debugDescription)")
        #expect(error.kind == kind, "\(line.debugDescription)")
        #expect(error.line == wireBytes(line))
        #expect(error.abandonedLines.isEmpty)
        #expect(events.last?.reply?.textLines == ["ok"], "resynchronised after \(line.debugDescription)")
        return error
    }

    @Test(arguments: ["hello", "", "25", "25 ok", "2x0 ok", " 250 ok", "+OK POP3 server ready"])
    func lineWithoutACode(line: String) throws {
        let error = try expectError(.missingCode, for: line)
        #expect(error.message.contains(line.isEmpty ? "empty line" : "three-digit reply code"))
    }

    @Test(arguments: ["199 fine", "600 no", "260 no", "099", "999 x", "570 x"])
    func codeOutsideTheRFCShape(line: String) throws {
        let error = try expectError(.invalidCode, for: line)
        #expect(error.message.contains("\(line.prefix(3)) is not a reply code"))
    }

    @Test func separatorOtherThanSpaceOrHyphen() throws {
        #expect(try expectError(.invalidSeparator, for: "250:ok").message.contains("\":\""))
        #expect(try expectError(.invalidSeparator, for: "250\tok").message.contains("byte 0x09"))
        #expect(try expectError(.invalidSeparator, for: "2500 ok").message.contains("\"0\""))
    }

    @Test func malformedLineAbandonsTheUnfinishedReply() throws {
        let events = parseAll(wireBytes("250-one\r\n250-two\r\ngarbage\r\n250 three\r\n"))
        #expect(events.count == 2)
        let error = try #require(events.first?.error)
        #expect(error.kind == .missingCode)
        #expect(error.abandonedLines.map(\.textString) == ["one", "two"])
        #expect(error.message.contains("(2 lines) was abandoned"))
        #expect(events.last?.reply?.textLines == ["three"])
    }

    @Test func codeChangingMidReplyStartsANewReply() throws {
        let events = parseAll(wireBytes("250-one\r\n251-two\r\n251 three\r\n"))
        #expect(events.count == 2)
        let error = try #require(events.first?.error)
        #expect(error.kind == .codeChangedMidReply)
        #expect(error.abandonedLines.map(\.raw) == [wireBytes("250-one")])
        #expect(error.line == wireBytes("251-two"))
        #expect(error.message.contains("from 250 to 251"))
        let reply = try #require(events.last?.reply)
        #expect(reply.code == 251)
        #expect(reply.textLines == ["two", "three"])
    }

    @Test func tooManyLinesAbandonsThoseUpToTheLimit() throws {
        let limits = ReplyParser.Limits(maxLinesPerReply: 3)
        #expect(parseAll(wireBytes("250-1\r\n250-2\r\n250 3\r\n"), limits: limits).compactMap(\.reply).count == 1)

        let events = parseAll(wireBytes("250-1\r\n250-2\r\n250-3\r\n250-4\r\n250 5\r\n"), limits: limits)
        #expect(events.count == 2)
        let error = try #require(events.first?.error)
        #expect(error.kind == .tooManyLines)
        #expect(error.abandonedLines.map(\.textString) == ["1", "2", "3"])
        #expect(error.line == wireBytes("250-4"))
        #expect(error.message.contains("exceeded 3 lines"))
        #expect(events.last?.reply?.textLines == ["4", "5"])
    }

    @Test func lineAtTheLimitIsAcceptedOneMoreIsNot() throws {
        let limits = ReplyParser.Limits(maxLineLength: 10)
        // Exactly 10 bytes before the CRLF (the CR is held past the limit), and with a bare LF.
        let atLimit = parseAll(wireBytes("250 123456\r\n250 abcdef\n"), limits: limits)
        #expect(atLimit.compactMap(\.reply).map(\.textLines) == [["123456"], ["abcdef"]])

        let events = parseAll(wireBytes("250 1234567\r\n250 ok\r\n"), limits: limits)
        #expect(events.count == 3)
        #expect(events.dropFirst().first?.overflow == .init(bytes: wireBytes("7"), endedAtLength: 11))
        let error = try #require(events.first?.error)
        #expect(error.kind == .lineTooLong)
        #expect(error.line == wireBytes("250 123456"))
        #expect(error.lineLength == 11)
        #expect(error.message.contains("exceeded 10 bytes"))
        #expect(events.last?.reply?.textLines == ["ok"])
    }

    @Test func overlongLineIsReportedOnceAndAbandonsTheReply() throws {
        let limits = ReplyParser.Limits(maxLineLength: 10)
        let long = "250-" + String(repeating: "x\r", count: 500)
        let events = parseAll(wireBytes("250-one\r\n" + long + "\r\n250 two\r\n"), limits: limits)
        #expect(events.count == 3)
        #expect(events.compactMap(\.error).count == 1)
        let error = try #require(events.first?.error)
        #expect(error.kind == .lineTooLong)
        #expect(error.abandonedLines.map(\.textString) == ["one"])
        #expect(events.last?.reply?.textLines == ["two"])
    }

    @Test func inputEndingInsideAnOverlongLineIsNotReportedTwice() {
        var parser = ReplyParser(limits: .init(maxLineLength: 8))
        #expect(parser.feed(wireBytes("250 0123456789")).compactMap(\.error).map(\.kind) == [.lineTooLong])
        // The rest is handed on as it comes, and the close ends the line: no second error.
        #expect(parser.feed(wireBytes("abc")) == [.overflow(.init(bytes: wireBytes("abc"), endedAtLength: nil))])
        #expect(parser.finish() == [.overflow(.init(bytes: [], endedAtLength: 17))])
    }

    /// The whole line is kept (a transcript must hold every byte received); the screen
    /// and the message use its first 200 bytes.
    @Test func errorKeepsTheWholeLineAndAShortExcerptForTheScreen() throws {
        let line = String(repeating: "x", count: 5000)
        let error = try expectError(.missingCode, for: line)
        #expect(error.line.count == 5000)
        #expect(error.excerpt.count == ReplyParseError.lineExcerptLimit)
        #expect(error.lineLength == 5000)
        #expect(error.message.count < 600)
    }

    @Test func anOverlongLineKeepsWhatTheParserHeld() {
        var parser = ReplyParser(limits: .init(maxLineLength: 64))
        let error = parser.feed(wireBytes("250 " + String(repeating: "y", count: 100) + "\r\n")).compactMap(\.error).first
        #expect(error?.kind == .lineTooLong)
        #expect(error?.line == wireBytes("250 " + String(repeating: "y", count: 60)))
    }
}
