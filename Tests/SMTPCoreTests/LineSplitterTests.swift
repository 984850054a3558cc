import Testing

@testable import SMTPCore

/// `LineSplitter`: LF ends a line, a CR before it goes, and a line split across reads comes
/// out whole.
@Suite struct LineSplitterTests {
    private func text(_ lines: [[UInt8]]) -> [String] { lines.map { String(decoding: $0, as: UTF8.self) } }

    @Test func crlfAndBareLFBothEndALineAndALoneCRDoesNot() {
        let (lines, rest) = LineSplitter.split(Array("a\r\nb\nc\rd\n\r\n\ntail\r".utf8)[...])
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["a", "b", "c\rd", "", ""])
        #expect(Array(rest) == Array("tail\r".utf8))
    }

    @Test func nothingAndNoLFAreNoLines() {
        #expect(LineSplitter.split([][...]).lines.isEmpty)
        let (lines, rest) = LineSplitter.split(Array("no end".utf8)[...])
        #expect(lines.isEmpty)
        #expect(Array(rest) == Array("no end".utf8))
    }

    @Test func aSliceKeepsItsOwnIndices() {
        let bytes = Array("skip\nx\ny".utf8)
        let (lines, rest) = LineSplitter.split(bytes[5...])
        #expect(lines.map(Array.init) == [Array("x".utf8)])
        #expect(Array(rest) == Array("y".utf8))
    }

    @Test func aLineSplitAcrossReadsComesOutWhole() {
        var splitter = LineSplitter()
        #expect(splitter.lines(in: Array("EHLO ex".utf8)).isEmpty)
        #expect(splitter.pending == Array("EHLO ex".utf8))
        #expect(text(splitter.lines(in: Array("ample\r".utf8))) == [])
        #expect(text(splitter.lines(in: Array("\nNOOP\nQU".utf8))) == ["EHLO example", "NOOP"])
        #expect(splitter.pending == Array("QU".utf8))
        #expect(splitter.finish() == Array("QU".utf8))
        #expect(splitter.finish() == nil)
    }

    @Test func theLastLineDropsItsCROnlyAtTheEnd() {
        var splitter = LineSplitter()
        #expect(splitter.lines(in: Array("QUIT\r".utf8)).isEmpty)
        #expect(splitter.finish() == Array("QUIT".utf8))
        #expect(splitter.lines(in: Array("\r".utf8)).isEmpty)
        #expect(splitter.finish() == [])
    }

    @Test func takingThePendingBytesKeepsThemAsTheyAre() {
        var splitter = LineSplitter()
        _ = splitter.lines(in: Array("long\r".utf8))
        #expect(splitter.takePending() == Array("long\r".utf8))
        #expect(splitter.pending.isEmpty)
        #expect(text(splitter.lines(in: Array("\n".utf8))) == [""])
    }
}
