import SMTPCore
import TestSupport
import Testing

/// What encoding a body gives: the bytes and everything the encoder noted.
private struct Encoding: Equatable, CustomStringConvertible {
    var bytes: [UInt8] = []
    var lineCount = 0
    var stuffedLineCount = 0
    var firstNonASCIILine: Int?
    var firstLongLine: Int?

    var description: String {
        let visible = bytes.map { (byte: UInt8) -> String in
            switch byte {
            case 0x0D: return "␍"
            case 0x0A: return "␊"
            case 0x80...: return "·"
            default: return String(UnicodeScalar(byte))
            }
        }
        let nonASCII = firstNonASCIILine.map(String.init) ?? "-"
        let long = firstLongLine.map(String.init) ?? "-"
        let shown = visible.count > 300 ? visible.prefix(300).joined() + "…(\(bytes.count) bytes)" : visible.joined()
        return "\(shown) lines \(lineCount) stuffed \(stuffedLineCount) nonASCII \(nonASCII) long \(long)"
    }
}

/// The rules written the plain way, line by line, as the encoder must apply them.
private func reference(_ input: [UInt8], dotStuffing: Bool) -> Encoding {
    var result = Encoding()
    var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
    let unterminated = lines.removeLast()  // what follows the last LF
    for index in lines.indices where lines[index].last == 0x0D { lines[index].removeLast() }  // CRLF
    if !unterminated.isEmpty { lines.append(unterminated) }  // keeps a final CR: it ends no line
    for var line in lines {
        result.lineCount += 1
        if dotStuffing, line.first == 0x2E {
            line.insert(0x2E, at: 0)
            result.stuffedLineCount += 1
        }
        if result.firstNonASCIILine == nil, line.contains(where: { $0 >= 0x80 }) { result.firstNonASCIILine = result.lineCount }
        if result.firstLongLine == nil, line.count > MessageBodyEncoder.lineLimit { result.firstLongLine = result.lineCount }
        result.bytes += line + [0x0D, 0x0A]
    }
    return result
}

/// `input` through the encoder in pieces ending at `cuts` (sorted offsets), then finished.
private func encode(_ input: [UInt8], dotStuffing: Bool, cuts: [Int] = []) -> Encoding {
    var encoder = MessageBodyEncoder(dotStuffing: dotStuffing)
    var result = Encoding()
    input.withUnsafeBytes { raw in
        var start = 0
        for cut in cuts + [input.count] where cut >= start {
            encoder.encode(UnsafeRawBufferPointer(rebasing: raw[start..<cut]), into: &result.bytes)
            start = cut
        }
    }
    encoder.finish(into: &result.bytes)
    result.lineCount = encoder.lineCount
    result.stuffedLineCount = encoder.stuffedLineCount
    result.firstNonASCIILine = encoder.firstNonASCIILine
    result.firstLongLine = encoder.firstLongLine
    return result
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Random bodies made of what matters: dots, CR, LF, CRLF, non-ASCII, long runs.
private func randomBody(using generator: inout SeededGenerator, maximumPieces: Int) -> [UInt8] {
    let pieces: [[UInt8]] = [
        bytes("a"), bytes("b"), bytes(" "), bytes("."), bytes(".."), bytes("\r"), bytes("\n"), bytes("\r\n"),
        bytes("\n."), bytes("\r\n."), bytes("é"), bytes("Subject: hello"),
    ]
    var body: [UInt8] = []
    for _ in 0..<Int.random(in: 0...maximumPieces, using: &generator) {
        if Int.random(in: 0..<100, using: &generator) == 0 {
            body += [UInt8](repeating: 0x78, count: Int.random(in: 995...1001, using: &generator))
        } else {
            body += pieces.randomElement(using: &generator)!
        }
    }
    return body
}

@Suite("MessageBodyEncoder")
struct MessageBodyEncoderTests {
    // MARK: Against the reference

    @Test(arguments: [true, false])
    func randomBodiesMatchTheReferenceWhole(dotStuffing: Bool) {
        var generator = SeededGenerator(seed: dotStuffing ? 0xB0D1 : 0xBDA7)
        for round in 0..<2000 {
            let body = randomBody(using: &generator, maximumPieces: 120)
            #expect(encode(body, dotStuffing: dotStuffing) == reference(body, dotStuffing: dotStuffing), "round \(round)")
        }
    }

    @Test(arguments: [true, false])
    func everySplitPositionGivesTheSameOutput(dotStuffing: Bool) {
        var generator = SeededGenerator(seed: dotStuffing ? 0x5B11 : 0x5B12)
        for round in 0..<150 {
            let body = randomBody(using: &generator, maximumPieces: 40)
            let expected = reference(body, dotStuffing: dotStuffing)
            for cut in 0...body.count {
                #expect(encode(body, dotStuffing: dotStuffing, cuts: [cut]) == expected, "round \(round) cut \(cut)")
            }
            #expect(encode(body, dotStuffing: dotStuffing, cuts: Array(body.indices)) == expected, "round \(round) byte by byte")
        }
    }

    @Test(arguments: [true, false])
    func randomSplitsGiveTheSameOutput(dotStuffing: Bool) {
        var generator = SeededGenerator(seed: dotStuffing ? 0xC075 : 0xC076)
        for round in 0..<500 {
            let body = randomBody(using: &generator, maximumPieces: 300)
            let expected = reference(body, dotStuffing: dotStuffing)
            let cuts = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Int.random(in: 0...body.count, using: &generator) }
            #expect(encode(body, dotStuffing: dotStuffing, cuts: cuts.sorted()) == expected, "round \(round) cuts \(cuts.sorted())")
        }
    }

    @Test func aLargeBodyInBlocksMatchesTheReference() {
        var generator = SeededGenerator(seed: 0x1A26E)
        var body: [UInt8] = []
        while body.count < 1 << 20 { body += randomBody(using: &generator, maximumPieces: 60) }
        let expected = reference(body, dotStuffing: true)
        #expect(encode(body, dotStuffing: true) == expected)
        #expect(encode(body, dotStuffing: true, cuts: Array(stride(from: 65536, to: body.count, by: 65536))) == expected)
        #expect(expected.firstNonASCIILine != nil && expected.firstLongLine != nil && expected.stuffedLineCount > 0)
    }

    @Test func theArrayFormEqualsTheBufferForm() {
        var encoder = MessageBodyEncoder(dotStuffing: true)
        var output: [UInt8] = [0x21]  // appended to, never replaced
        encoder.encode(bytes(".one\ntwo"), into: &output)
        encoder.encode(bytes("\r"), into: &output)
        encoder.encode(bytes("\n.\n"), into: &output)
        encoder.finish(into: &output)
        #expect(output == bytes("!..one\r\ntwo\r\n..\r\n"))
        #expect(encoder.lineCount == 3 && encoder.stuffedLineCount == 2)
    }

    // MARK: Line endings

    @Test func lineFeedsBecomeCRLFAndCRLFStays() {
        #expect(encode(bytes("Hello\nWorld\n"), dotStuffing: true).bytes == bytes("Hello\r\nWorld\r\n"))
        #expect(encode(bytes("Hello\r\nWorld\r\n"), dotStuffing: true).bytes == bytes("Hello\r\nWorld\r\n"))
        #expect(encode(bytes("a\n\r\n\nb\r\n"), dotStuffing: true) == Encoding(bytes: bytes("a\r\n\r\n\r\nb\r\n"), lineCount: 4))
    }

    @Test func aLoneCRInsideALineStays() {
        #expect(encode(bytes("a\rb\n"), dotStuffing: true) == Encoding(bytes: bytes("a\rb\r\n"), lineCount: 1))
        #expect(encode(bytes("a\r\r\nb"), dotStuffing: true).bytes == bytes("a\r\r\nb\r\n"))
        // A line that starts with a CR does not start with a dot: not stuffed.
        #expect(encode(bytes("\r.\n"), dotStuffing: true) == Encoding(bytes: bytes("\r.\r\n"), lineCount: 1))
    }

    @Test func aCRAtTheEndOfABlockWaitsForTheNextByte() {
        var encoder = MessageBodyEncoder(dotStuffing: true)
        var output: [UInt8] = []
        encoder.encode(bytes("a\r"), into: &output)
        #expect(output == bytes("a") && encoder.lineCount == 0)
        encoder.encode(bytes("\nb\r"), into: &output)
        #expect(output == bytes("a\r\nb") && encoder.lineCount == 1)
        encoder.encode(bytes("c\n"), into: &output)
        #expect(output == bytes("a\r\nb\rc\r\n") && encoder.lineCount == 2)
        encoder.encode(bytes("\r"), into: &output)
        encoder.encode(bytes(""), into: &output)  // an empty block changes nothing
        encoder.encode(bytes(".\n"), into: &output)
        #expect(output == bytes("a\r\nb\rc\r\n\r.\r\n") && encoder.stuffedLineCount == 0)
    }

    @Test func aCRAtTheEndOfTheInputIsFlushedWithTheLastLine() {
        #expect(encode(bytes("a\r"), dotStuffing: true) == Encoding(bytes: bytes("a\r\r\n"), lineCount: 1))
        #expect(encode(bytes("\r"), dotStuffing: true) == Encoding(bytes: bytes("\r\r\n"), lineCount: 1))
    }

    @Test func emptyInputGivesNothing() {
        #expect(encode([], dotStuffing: true) == Encoding())
        #expect(encode([], dotStuffing: false) == Encoding())
        #expect(encode(bytes("\n"), dotStuffing: true) == Encoding(bytes: bytes("\r\n"), lineCount: 1))
    }

    @Test func aLastLineWithoutLineEndingGetsCRLF() {
        #expect(encode(bytes("one\ntwo"), dotStuffing: true) == Encoding(bytes: bytes("one\r\ntwo\r\n"), lineCount: 2))
        var encoder = MessageBodyEncoder(dotStuffing: true)
        var output: [UInt8] = []
        encoder.encode(bytes("one\ntwo"), into: &output)
        #expect(output == bytes("one\r\ntwo") && encoder.lineCount == 1)  // the line is not over yet
        encoder.finish(into: &output)
        #expect(output == bytes("one\r\ntwo\r\n") && encoder.lineCount == 2)
    }

    // MARK: Dots

    @Test func leadingDotsAreDoubled() {
        let encoded = encode(bytes(".a\n..b\nc.\n .d\n"), dotStuffing: true)
        #expect(encoded == Encoding(bytes: bytes("..a\r\n...b\r\nc.\r\n .d\r\n"), lineCount: 4, stuffedLineCount: 2))
    }

    @Test func aLoneDotLineInTheFileIsStuffedAndDoesNotEndTheBody() {
        let encoded = encode(bytes("a\n.\nb\n.\r\n."), dotStuffing: true)
        #expect(encoded == Encoding(bytes: bytes("a\r\n..\r\nb\r\n..\r\n..\r\n"), lineCount: 5, stuffedLineCount: 3))
        // Nowhere is there a lone dot line the server would take for the end.
        #expect(!String(decoding: encoded.bytes, as: UTF8.self).contains("\r\n.\r\n"))
    }

    @Test func aDotAfterABlockBoundaryAtALineStartIsStuffed() {
        #expect(encode(bytes("a\n.b\n"), dotStuffing: true, cuts: [2]).bytes == bytes("a\r\n..b\r\n"))
        #expect(encode(bytes("a\r\n.b\n"), dotStuffing: true, cuts: [2]).bytes == bytes("a\r\n..b\r\n"))
        #expect(encode(bytes("a\r\n.b\n"), dotStuffing: true, cuts: [3]).bytes == bytes("a\r\n..b\r\n"))
        // A dot in the middle of a line cut just before it is not at a line start.
        #expect(encode(bytes("a.b\n"), dotStuffing: true, cuts: [1]).bytes == bytes("a.b\r\n"))
    }

    @Test func bdatDoesNotStuffButNormalisesLineEndings() {
        let encoded = encode(bytes(".a\n.\n..\r\nb"), dotStuffing: false)
        #expect(encoded == Encoding(bytes: bytes(".a\r\n.\r\n..\r\nb\r\n"), lineCount: 4, stuffedLineCount: 0))
    }

    // MARK: What the user is told

    @Test func longLinesAreNotedByNumber() {
        let limit = MessageBodyEncoder.lineLimit
        let fits = [UInt8](repeating: 0x78, count: limit)
        let tooLong = [UInt8](repeating: 0x78, count: limit + 1)
        #expect(encode(fits + [0x0A] + fits, dotStuffing: true).firstLongLine == nil)
        #expect(encode(fits + [0x0D, 0x0A], dotStuffing: true).firstLongLine == nil)  // CRLF does not count
        #expect(encode(bytes("a\nb\n") + tooLong + [0x0A] + tooLong, dotStuffing: true).firstLongLine == 3)
        #expect(encode(bytes("a\n") + tooLong, dotStuffing: true).firstLongLine == 2)  // the last line, unterminated
        // The added dot counts, as it is on the wire; a lone CR counts too.
        let dotted: [UInt8] = [0x2E] + [UInt8](repeating: 0x78, count: limit - 1) + [0x0A]
        #expect(encode(dotted, dotStuffing: true).firstLongLine == 1)
        #expect(encode(dotted, dotStuffing: false).firstLongLine == nil)
        #expect(encode(fits + [0x0D, 0x78, 0x0A], dotStuffing: true).firstLongLine == 1)
        // A long line cut into many blocks is still one line.
        #expect(encode(tooLong + [0x0A], dotStuffing: true, cuts: Array(stride(from: 7, to: limit, by: 100))).firstLongLine == 1)
    }

    @Test func theFirstNonASCIILineIsNotedByNumber() {
        #expect(encode(bytes("plain\ntext\n"), dotStuffing: true).firstNonASCIILine == nil)
        #expect(encode(bytes("a\nb\nüber\né\n"), dotStuffing: true).firstNonASCIILine == 3)
        #expect(encode(bytes("a\nb\nc"), dotStuffing: true).firstNonASCIILine == nil)
        #expect(encode(bytes("a\nb\ncé"), dotStuffing: true).firstNonASCIILine == 3)  // unterminated
        // Far into a long line (past the 32-byte scan), and in a later block of the same line.
        let long = [UInt8](repeating: 0x61, count: 200)
        let body = bytes("x\n") + long + [0xFF] + long + [0x0A] + bytes("é\n")
        #expect(encode(body, dotStuffing: true).firstNonASCIILine == 2)
        #expect(encode(body, dotStuffing: true, cuts: [50]).firstNonASCIILine == 2)
        #expect(encode(body, dotStuffing: true, cuts: [50, 250]).firstNonASCIILine == 2)
        #expect(encode(body, dotStuffing: true, cuts: [203]).firstNonASCIILine == 2)
        #expect(encode(body, dotStuffing: true, cuts: [204]).firstNonASCIILine == 2)
    }

    // MARK: Typed lines

    @Test func typedBodyLinesUseTheSameStuffing() {
        #expect(BodyLine(typed: ".").bytes == bytes(".\r\n"))
        #expect(BodyLine(typed: "..").bytes == bytes("...\r\n") && BodyLine(typed: "..").wasStuffed)
        #expect(BodyLine(typed: "a.").bytes == bytes("a.\r\n") && !BodyLine(typed: "a.").wasStuffed)
        #expect(BodyLine(typed: "").bytes == bytes("\r\n"))
        #expect(BodyLine(typed: "a\r").bytes == bytes("a\r\r\n"))  // as before: a CR at the end stays
    }

    /// A typed line is what the encoder makes of it, whether or not it takes the short way
    /// (lines with no leading dot and no line break skip the encoder).
    @Test func everyTypedLineIsWhatTheEncoderMakesOfIt() {
        let pieces = ["", ".", "..", "a", "From: <a@example.org>", " .", "\r", "\n", "\r\n", "é", "Grüße 📬", "\t", "x.y"]
        for first in pieces {
            for second in pieces {
                let line = first + second
                var encoder = MessageBodyEncoder(dotStuffing: true)
                var expected: [UInt8] = []
                let typed = Array(line.utf8)
                typed.withUnsafeBytes { encoder.encode($0, into: &expected) }
                encoder.finish(into: &expected)
                if typed.isEmpty { expected = bytes("\r\n") }
                // The lone dot ends the body: sent as it is.
                let isTerminator = line == "."
                if isTerminator { expected = bytes(".\r\n") }
                let body = BodyLine(typed: line)
                #expect(body.bytes == expected, "\(line.debugDescription)")
                #expect(body.wasStuffed == (!isTerminator && encoder.stuffedLineCount > 0), "\(line.debugDescription)")
                #expect(body.isTerminator == (line == "."), "\(line.debugDescription)")
            }
        }
    }
}
