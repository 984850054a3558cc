import Testing

@testable import SMTPCore

/// Network text made safe for the terminal: hostile sequences must come out inert.
@Suite struct EscapeVisibleTextTests {
    /// `true` when the text holds nothing a terminal acts on (C0, DEL, C1, bidi controls).
    private func isInert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF].contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }
    }

    @Test func plainTextAndNonASCIILettersAreKept() {
        #expect(VisibleText.escape(Array("250-mx.example.org at your service".utf8)) == "250-mx.example.org at your service")
        #expect(VisibleText.escape(Array("220 Grüße, 世界 📬".utf8)) == "220 Grüße, 世界 📬")
        #expect(VisibleText.escape(Array("path C:\\mail".utf8)) == "path C:\\mail")
    }

    @Test func lineControlsUseTheirShortNames() {
        #expect(VisibleText.escape(Array("a\rb\nc\td".utf8)) == "a\\rb\\nc\\td")
        #expect(VisibleText.escape([0x00, 0x07, 0x08, 0x7F]) == "\\x00\\x07\\x08\\x7f")
    }

    @Test func screenClearingAndClipboardSequencesAreShownNotRun() {
        let clear = VisibleText.escape(Array("220 hi\u{1b}[2J\u{1b}[H".utf8))
        #expect(clear == "220 hi\\x1b[2J\\x1b[H")
        // OSC 52 writes the clipboard; ended by BEL or by ST (ESC \).
        let osc52 = VisibleText.escape(Array("250 \u{1b}]52;c;ZXZpbA==\u{07}x\u{1b}]52;c;eA==\u{1b}\\".utf8))
        #expect(osc52 == "250 \\x1b]52;c;ZXZpbA==\\x07x\\x1b]52;c;eA==\\x1b\\")
        #expect(isInert(clear) && isInert(osc52))
    }

    @Test func c1ControlsAreEscapedAsRawBytesAndAsUTF8() {
        // 0x9B alone is CSI on terminals that take 8-bit controls; it is invalid UTF-8.
        #expect(VisibleText.escape([0x32, 0x9B, 0x32, 0x4A]) == "2\\x9b2J")
        // U+009B encoded as UTF-8 (C2 9B) is a valid character, and still a control.
        #expect(VisibleText.escape([0x32, 0xC2, 0x9B, 0x32, 0x4A]) == "2\\xc2\\x9b2J")
        #expect(VisibleText.escape("\u{85}\u{9d}") == "\\xc2\\x85\\xc2\\x9d")
    }

    @Test func invalidUTF8IsShownBytePerByte() {
        #expect(VisibleText.escape([0x41, 0xFF, 0xFE, 0x42]) == "A\\xff\\xfeB")
        // Overlong "/" (C0 AF), a surrogate (ED A0 80), a truncated sequence, above U+10FFFF.
        #expect(VisibleText.escape([0xC0, 0xAF]) == "\\xc0\\xaf")
        #expect(VisibleText.escape([0xED, 0xA0, 0x80]) == "\\xed\\xa0\\x80")
        #expect(VisibleText.escape([0xE2, 0x82]) == "\\xe2\\x82")
        #expect(VisibleText.escape([0xF4, 0x90, 0x80, 0x80]) == "\\xf4\\x90\\x80\\x80")
        // An ESC hidden after a truncated sequence is still escaped.
        #expect(VisibleText.escape([0xE2, 0x1B, 0x5B]) == "\\xe2\\x1b[")
    }

    @Test func bidiOverridesAndSeparatorsAreShownByCodePoint() {
        let spoof = VisibleText.escape("250 ok \u{202E}gnp.exe\u{202C} \u{2066}x\u{2069}\u{2028}\u{FEFF}")
        #expect(spoof == "250 ok \\u{202e}gnp.exe\\u{202c} \\u{2066}x\\u{2069}\\u{2028}\\u{feff}")
        #expect(isInert(spoof))
    }

    @Test func everySingleByteComesOutInert() {
        for byte in UInt8.min...UInt8.max {
            #expect(isInert(VisibleText.escape([0x41, byte, 0x42])), "byte \(byte)")
        }
        for scalar in (0...0x3000).compactMap(Unicode.Scalar.init) {
            #expect(isInert(VisibleText.escape(String(scalar))), "U+\(String(scalar.value, radix: 16))")
        }
    }

    /// The string form skips its copy when nothing needs escaping: for every scalar
    /// (the whole BMP, emoji, tags, the last plane's start), alone and between letters, it must
    /// give exactly what the byte form gives, and leave no control behind.
    @Test func theStringFormAgreesWithTheByteFormOnEveryScalar() {
        let values = Array(0...0xFFFF) + Array(0x1F000...0x1FAFF) + Array(0xE0000...0xE01EF) + Array(0x10_0000...0x10_00FF)
        for value in values {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            for text in [String(Character(scalar)), "a" + String(Character(scalar)) + "—z"] {
                let escaped = VisibleText.escape(text)
                #expect(escaped == VisibleText.escape(Array(text.utf8)), "U+\(String(value, radix: 16))")
                #expect(isInert(escaped), "U+\(String(value, radix: 16))")
            }
        }
    }
}
