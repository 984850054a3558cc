import SMTPCore
import TestSupport
import Testing

/// Memory stays bounded and random input never crashes the parser.
@Suite("ReplyParser: bounds and fuzzing")
struct ReplyParserBoundsTests {
    @Test func oneMebibyteLineUsesBoundedMemory() throws {
        let limits = ReplyParser.Limits()
        var parser = ReplyParser(limits: limits)
        var events = parser.feed(Array("250-before\r\n250 ".utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 4096)
        for _ in 0..<256 {
            events += parser.feed(chunk)
            #expect(parser.bufferedByteCount <= limits.maxLineLength + 1)
        }
        events += parser.feed(Array("\r\n220 still here\r\n".utf8))
        #expect(parser.bufferedByteCount == 0)

        #expect(events.count == 2)
        let error = try #require(events.first?.error)
        #expect(error.kind == .lineTooLong)
        // What the parser held (the limit) is kept for the transcript; the screen gets 200 bytes.
        #expect(error.line.count == limits.maxLineLength && error.line.starts(with: Array("250 aaaa".utf8)))
        #expect(Array(error.excerpt) == Array("250 ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 196))
        #expect(error.abandonedLines.map(\.textString) == ["before"])
        #expect(events.last?.reply?.textLines == ["still here"])
    }

    @Test func randomBytesNeverCrashAndStayBounded() {
        let limits = ReplyParser.Limits(maxLineLength: 32, maxLinesPerReply: 4)
        // One line being received plus the lines of an unfinished reply, each with its CRLF.
        let bound = (limits.maxLineLength + 1) + limits.maxLinesPerReply * (limits.maxLineLength + 2)
        var generator = SeededGenerator(seed: 0xF022)
        for round in 0..<300 {
            let input = randomWireBytes(count: Int.random(in: 0...2000, using: &generator), using: &generator)
            var parser = ReplyParser(limits: limits)
            var events: [ReplyParser.Event] = []
            var start = 0
            for cut in randomCuts(count: input.count, using: &generator) + [input.count] where cut >= start {
                events += parser.feed(input[start..<cut])
                start = cut
                #expect(parser.bufferedByteCount <= bound, "round \(round)")
            }
            events += parser.finish()
            #expect(events == parseAll(input, limits: limits), "round \(round): splitting changed the events")
            for reply in events.compactMap(\.reply) {
                #expect((200...559).contains(reply.code))
                #expect(reply.lines.count <= limits.maxLinesPerReply)
                #expect(reply.lines.allSatisfy { $0.code == reply.code && $0.raw.count <= limits.maxLineLength })
                #expect(reply.lines.dropLast().allSatisfy { !$0.isLast } && reply.lines.last?.isLast == true)
            }
        }
    }

    @Test func everyTerminatedLineEndsUpInAnEvent() {
        // Limits too large to trigger: each LF-terminated line lands in a reply, among an
        // error's abandoned lines, or is the malformed line an error reports.
        var generator = SeededGenerator(seed: 0xC0A7)
        for round in 0..<300 {
            let input = randomWireBytes(count: Int.random(in: 0...1500, using: &generator), using: &generator)
            let events = parseAll(input)
            let malformed: Set<ReplyParseError.Kind> = [.missingCode, .invalidCode, .invalidSeparator]
            let accounted = events.reduce(0) { sum, event in
                switch event {
                case .reply(let reply): return sum + reply.lines.count
                case .error(let error):
                    return sum + error.abandonedLines.count + (malformed.contains(error.kind) ? 1 : 0)
                }
            }
            #expect(accounted == input.filter { $0 == 0x0A }.count, "round \(round)")
        }
    }

    /// Random bytes weighted towards what reply lines are made of, so the parser's states get visited.
    private func randomWireBytes(count: Int, using generator: inout SeededGenerator) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("250".utf8), Array("550".utf8), Array("199".utf8), Array("-".utf8), Array(" ".utf8),
            [0x0D, 0x0A], [0x0A], [0x0D], Array("25".utf8), Array("ok".utf8),
        ]
        var bytes: [UInt8] = []
        while bytes.count < count {
            if Bool.random(using: &generator) {
                bytes += pieces.randomElement(using: &generator)!
            } else {
                bytes.append(UInt8.random(in: 0...255, using: &generator))
            }
        }
        return bytes
    }
}
