import Glibc
import TestSupport
import Testing

@testable import LineEditor

/// The arithmetic behind redrawing: prompt widths, wrapping, listings.
struct LayoutTests {
    @Test func colourInThePromptTakesNoRoom() {
        let prompt = Prompt("\u{1B}[1;32mhost\u{1B}[0m> ")
        #expect(prompt.visible == "host> ")
        #expect(prompt.marked == "\u{01}\u{1B}[1;32m\u{01}host\u{01}\u{1B}[0m\u{01}> ")
    }

    @Test func oscTitleAndStrayMarkersAreHandled() {
        let prompt = Prompt("\u{1B}]0;title\u{07}a\u{01}b")
        #expect(prompt.visible == "ab")
        #expect(prompt.marked == "\u{01}\u{1B}]0;title\u{07}\u{01}ab")
    }

    @Test func fullRowWrapsAtOnce() {
        let layout = Layout(columns: 10)
        #expect(layout.position(after: "123456789".unicodeScalars) == (0, 9))
        #expect(layout.position(after: "1234567890".unicodeScalars) == (1, 0))
        #expect(layout.position(after: String(repeating: "x", count: 25).unicodeScalars) == (2, 5))
    }

    @Test func wideAndControlCharacters() {
        // Widths come from the C library, which needs a UTF-8 locale (the
        // editor sets one up when it starts).
        setlocale(LC_CTYPE, "C.UTF-8")
        let layout = Layout(columns: 10)
        // A double-width character never splits across rows.
        #expect(layout.position(after: "123456789語".unicodeScalars) == (1, 2))
        #expect(layout.position(after: "\u{01}é".unicodeScalars) == (0, 3))
        #expect(layout.position(after: "ab\tc".unicodeScalars) == (0, 9))
    }

    @Test func commonPrefixAndListing() {
        #expect(LineEditor.commonPrefix(of: ["RCPT TO:<", "RSET"]) == "R")
        #expect(LineEditor.commonPrefix(of: ["MAIL", "MAIL FROM:<"]) == "MAIL")
        #expect(LineEditor.columnsListing(["aa", "b", "cccc"], width: 12) == "aa    b\ncccc\n")
        #expect(LineEditor.columnsListing(["one", "two"], width: 3) == "one\ntwo\n")
    }
}
