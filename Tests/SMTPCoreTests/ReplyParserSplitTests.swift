import SMTPCore
import TestSupport
import Testing

/// Real server dialogues fed whole, byte by byte and in random pieces: the same replies every time.
@Suite("ReplyParser: fixtures and splits")
struct ReplyParserSplitTests {
    @Test(arguments: Fixture.names)
    func fixtureParsesCleanlyAndExactly(name: String) {
        let input = Fixture.bytes(name)
        let events = parseAll(input)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.reply != nil }, "\(name): \(events.compactMap(\.error).map(\.message))")
        // Every line kept exactly: the lines and their CRLFs rebuild the fixture byte for byte.
        let lines: [ReplyLine] = events.compactMap(\.reply).flatMap(\.lines)
        let rebuilt: [UInt8] = lines.flatMap { $0.raw + [0x0D, 0x0A] }
        #expect(rebuilt == input)
    }

    @Test(arguments: Fixture.names)
    func byteByByteGivesTheSameEvents(name: String) {
        let input = Fixture.bytes(name)
        #expect(parseByteByByte(input) == parseAll(input))
    }

    @Test(arguments: Fixture.names.indices)
    func randomSplitsGiveTheSameEvents(index: Int) {
        let input = Fixture.bytes(Fixture.names[index])
        let expected = parseAll(input)
        var generator = SeededGenerator(seed: 0x5EED_0000 + UInt64(index))
        for round in 0..<100 {
            let cuts = randomCuts(count: input.count, using: &generator)
            #expect(parse(input, cutAt: cuts) == expected, "\(Fixture.names[index]) round \(round) cuts \(cuts)")
        }
    }

    @Test func fixtureRepliesHaveTheExpectedShape() {
        let codes = { (name: String) in Fixture.replies(name).map { [$0.code, $0.lines.count] } }
        #expect(codes("postfix-ehlo") == [[220, 1], [250, 13]])
        #expect(codes("postfix-rejections") == [[554, 1], [450, 1], [550, 1], [554, 1], [421, 1]])
        #expect(codes("exim-rejections") == [[550, 3], [451, 1], [550, 1]])
        #expect(codes("gmail-rejections") == [[550, 4], [421, 5]])
        #expect(codes("smtp-sink-ehlo") == [[220, 1], [250, 9]])
        #expect(codes("outlook-rejections") == [[550, 1], [550, 1], [451, 1]])
    }

    @Test func gmailRejectionTextIsExact() throws {
        let reply = try #require(Fixture.replies("gmail-rejections").first)
        #expect(reply.isNegative)
        #expect(reply.textLines.first == "5.1.1 The email account that you tried to reach does not exist. Please try")
        // Gmail puts two spaces before the link on the last line; they must survive.
        #expect(reply.textLines.last?.hasPrefix("5.1.1  https://support.google.com/mail/?p=NoSuchUser") == true)
    }

    @Test func smtpSinkEndsItsEHLOWithAnEmptyLine() throws {
        let ehlo = try #require(Fixture.replies("smtp-sink-ehlo").last)
        #expect(ehlo.lines.last?.raw == Array("250 ".utf8))
        #expect(ehlo.lines.last?.isLast == true)
        #expect(ehlo.lines.last?.text.isEmpty == true)
    }
}
