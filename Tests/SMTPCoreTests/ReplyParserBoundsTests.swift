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

        let error = try #require(events.first?.error)
        #expect(error.kind == .lineTooLong)
        // What the parser held (the limit) is kept for the transcript; the screen gets 200 bytes.
        #expect(error.line.count == limits.maxLineLength && error.line.starts(with: Array("250 aaaa".utf8)))
        #expect(Array(error.excerpt) == Array("250 ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 196))
        #expect(error.abandonedLines.map(\.textString) == ["before"])
        // The rest came as it arrived, one piece per read, never held; the last piece ends the line.
        let pieces = events.dropFirst().dropLast().compactMap(\.overflow)
        #expect(pieces.count == events.count - 2 && pieces.allSatisfy { $0.bytes.count <= chunk.count })
        #expect(pieces.dropLast().allSatisfy { $0.endedAtLength == nil })
        let length = 4 + 256 * chunk.count
        #expect(pieces.last?.endedAtLength == length)
        #expect(error.line.count + pieces.reduce(0) { $0 + $1.bytes.count } == length)
        #expect(pieces.allSatisfy { $0.bytes.allSatisfy { $0 == UInt8(ascii: "a") } }, "the CR of the CRLF is not part of the line")
        #expect(events.last?.reply?.textLines == ["still here"])
    }

    @Test func anOverlongLineComesWholeWhateverTheReadsAndEndings() {
        let limits = ReplyParser.Limits(maxLineLength: 8)
        // A CR inside the line is the line's; the CR of its CRLF is not; at a close without LF, a last CR is the line's.
        let cases: [(input: String, line: String, next: [String])] = [
            ("250 0123456789\r\n250 ok\r\n", "250 0123456789", ["ok"]),
            ("250 01234\r5678\r\r\n250 ok\n", "250 01234\r5678\r", ["ok"]),
            ("250 0123456789\n", "250 0123456789", []),
            ("250 0123456789\r", "250 0123456789\r", []),
            ("250 01234567\r\r\r", "250 01234567\r\r\r", []),
        ]
        for (input, line, next) in cases {
            let bytes = Array(input.utf8)
            for events in [parseAll(bytes, limits: limits), parseByteByByte(bytes, limits: limits)] {
                let joined = events.joiningOverflow()
                guard let error = joined.first?.error, case .overflow(let rest)? = joined.dropFirst().first else {
                    Issue.record("\(input.debugDescription): \(joined)")
                    continue
                }
                #expect(error.kind == .lineTooLong)
                #expect(error.line + rest.bytes == Array(line.utf8), "\(input.debugDescription)")
                #expect(rest.endedAtLength == line.utf8.count)
                #expect(joined.compactMap(\.reply).flatMap(\.textLines) == next)
            }
        }
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
            #expect(
                events.joiningOverflow() == parseAll(input, limits: limits).joiningOverflow(),
                "round \(round): splitting changed the events")
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
                case .overflow: return sum
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
