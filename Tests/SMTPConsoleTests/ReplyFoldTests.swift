import SMTPCore
import Testing

@testable import SMTPConsole

/// What reaches a terminal that fell behind within one long reply: its first lines, one
/// line counting the rest, then its last line and annotation.
@Suite struct ReplyFoldTests {
    let renderer = ConsoleRenderer(style: Style(enabled: false), isTerminal: true)

    private func line(_ index: Int, last: Bool = false) -> ReplyLine {
        let text = Array("line \(index)".utf8)
        return ReplyLine(code: 250, isLast: last, text: text, raw: Array("250\(last ? " " : "-")".utf8) + text)
    }

    private func reply(lines count: Int) -> DisplayEvent {
        let lines = (0..<count).map { line($0, last: $0 == count - 1) }
        return .reply(
            ReplyDisplay(
                reply: Reply(code: 250, lines: lines), context: .ehlo, elapsedMilliseconds: nil, answering: nil,
                hintSession: nil))
    }

    @Test func aReplyThatFitsIsShownWhole() {
        var fold = ReplyFold()
        let shown = fold.lines(for: reply(lines: 1000), behind: 0, recording: true, renderer: renderer, columns: nil)
        #expect(shown.count == 1001, "every line and the annotation")
        #expect(!fold.isOpen)
    }

    @Test func aReplyPastTheLimitShowsItsStartACountAndItsEnd() {
        var fold = ReplyFold()
        let shown = fold.lines(
            for: reply(lines: 1000), behind: ReplyFold.limit - 100, recording: true, renderer: renderer, columns: nil)
        // 100 bytes of room: three lines of 26 bytes each (their 10 bytes plus 16).
        #expect(Array(shown.prefix(3)) == ["250-line 0", "250-line 1", "250-line 2"])
        #expect(shown[3] == "… 996 more lines of this reply (all in the transcript)")
        #expect(shown[4] == "250 line 999")
        #expect(shown.count == 6 && shown[5].hasPrefix("  # 250 "), "\(shown)")
        #expect(!fold.isOpen, "the reply ended")
    }

    @Test func aRunOfTooManyLinesIsOneReplyCountedToItsEnd() {
        var fold = ReplyFold()
        let first = ReplyParseError(
            kind: .tooManyLines, line: Array("250-line 5".utf8), lineLength: 10,
            abandonedLines: (0..<5).map { line($0) }, message: "too many lines")
        let shownFirst = fold.lines(
            for: .malformed(first), behind: ReplyFold.limit - 50, recording: false, renderer: renderer, columns: nil)
        #expect(shownFirst == ["250-line 0"], "what fits, then the count starts")
        #expect(fold.isOpen && fold.hiddenLines == 4)
        let second = ReplyParseError(
            kind: .tooManyLines, line: Array("250-line 9".utf8), lineLength: 10,
            abandonedLines: (5..<100_005).map { line($0) }, message: "too many lines")
        #expect(fold.lines(for: .malformed(second), behind: 0, recording: false, renderer: renderer, columns: nil).isEmpty)
        let end = fold.lines(for: reply(lines: 3), behind: 0, recording: false, renderer: renderer, columns: nil)
        #expect(end.first == "… 100,006 more lines of this reply (not kept: --record or /record keeps them)")
        #expect(end[1] == "250 line 2")
    }

    @Test func leavingMidReplySaysHowManyWereNotShown() {
        var fold = ReplyFold()
        let error = ReplyParseError(
            kind: .tooManyLines, line: [], lineLength: 0, abandonedLines: (0..<10).map { line($0) }, message: "")
        _ = fold.lines(for: .malformed(error), behind: ReplyFold.limit, recording: true, renderer: renderer, columns: nil)
        #expect(fold.end(recording: true, renderer: renderer) == ["… 10 more lines of this reply (all in the transcript)"])
        #expect(fold.end(recording: true, renderer: renderer).isEmpty, "said once")
    }

    @Test func countsAreGroupedByThousands() {
        #expect(ReplyFold.grouped(0) == "0")
        #expect(ReplyFold.grouped(999) == "999")
        #expect(ReplyFold.grouped(1000) == "1,000")
        #expect(ReplyFold.grouped(1_204_311) == "1,204,311")
    }
}
