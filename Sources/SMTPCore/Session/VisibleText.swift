/// Bytes from the network turned into text that is safe to print on a terminal.
///
/// A terminal acts on control characters: ESC starts a sequence that can move the
/// cursor, clear the screen (`ESC[2J`) or write the clipboard (OSC 52); C1 controls such
/// as 0x9B (CSI) do the same on terminals that honour them, whether they arrive as a raw
/// byte or as UTF-8 (U+009B). So every such character is shown as an escape, and the
/// printed text never contains a control character:
///
/// - CR, LF and TAB → `\r`, `\n`, `\t`;
/// - every other C0 control, DEL, and each C1 control (U+0080–U+009F) → its bytes as
///   `\xHH` (ESC → `\x1b`; U+009B → `\xc2\x9b`), so the user sees what was on the wire;
/// - each byte of invalid UTF-8 (stray continuation bytes, overlong forms, surrogates,
///   truncated sequences, 0xF5–0xFF) → `\xHH`;
/// - characters that reorder or break the displayed line without being visible — the
///   bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
///   the line and paragraph separators (U+2028, U+2029) and U+FEFF — → `\u{202e}`, so a
///   server cannot make a reply read differently from what it says ("Trojan Source").
///
/// Everything else that is valid UTF-8 is kept as is, including non-ASCII letters and
/// emoji. A backslash is kept too: the display is for people, so a server writing a
/// literal `\x1b` can only look like an escape, not act like one; transcripts keep the
/// exact bytes.
public enum VisibleText {
    /// The bytes as printable text (see the type's documentation for the rules).
    public static func escape(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        // Most text is printable ASCII: nothing to escape (the common case on every reply).
        if isPrintableASCII(input) { return String(decoding: input, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count + 16)
        var index = 0
        while index < input.count {
            guard let length = wellFormedLength(input, at: index) else {
                output += hex(input[index]).utf8
                index += 1
                continue
            }
            let encoded = input[index..<index + length]
            append(decode(encoded), encoded: encoded, to: &output)
            index += length
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or `nil`.
    ///
    /// Unicode §3.9, table 3-7: the second byte's range depends on the first, which rules
    /// out overlong forms, surrogates (ED A0–BF) and values above U+10FFFF.
    static func wellFormedLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let first = bytes[index]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            second = 0x80...0x9F
        case 0xF0:
            length = 4
            second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            second = 0x80...0x8F
        default: return nil
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return nil }
        return length
    }

    /// The scalar of a well-formed sequence.
    private static func decode(_ encoded: ArraySlice<UInt8>) -> Unicode.Scalar {
        var value = UInt32(encoded[encoded.startIndex])
        if encoded.count > 1 {
            // Keep the payload bits of the lead byte (7 - length of the length marker).
            value &= UInt32(0x7F) >> UInt32(encoded.count)
            for byte in encoded.dropFirst() { value = value << 6 | UInt32(byte & 0x3F) }
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// A string's characters as printable text (the same rules, for already-decoded text).
    public static func escape(_ text: String) -> String {
        // Text that needs no escape (nearly all of it, annotations with their "—" and "§"
        // included) is returned as it is, without a copy.
        if !(text.utf8.withContiguousStorageIfAvailable(needsEscape) ?? needsEscape(Array(text.utf8))) {
            return text
        }
        return escape(Array(text.utf8))
    }

    /// Whether valid UTF-8 holds a character that ``escape(_:)-(String)`` would change: a
    /// C0 control or DEL, a C1 control (C2 80–9F), or one of the invisible reordering
    /// characters (their encodings: D8 9C, E2 80 8E/8F/A8–AE, E2 81 A6–A9, EF BB BF).
    private static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            // Eight bytes at a time while they are printable ASCII: no byte with its high
            // bit set, none below 0x20 (subtracting 0x20 from it borrows into its high
            // bit), none equal to 0x7F (zero after the XOR). The first word that fails is
            // looked at byte by byte below.
            let high: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let control = (word &- 0x2020_2020_2020_2020) & ~word & high
                let flipped = word ^ 0x7F7F_7F7F_7F7F_7F7F
                let delete = (flipped &- 0x0101_0101_0101_0101) & ~flipped & high
                if (word & high) | control | delete != 0 { break }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte < 0x20 || byte == 0x7F { return true }
                index += 1
                continue
            }
            let next = index + 1 < count ? bytes[index + 1] : 0
            let third = index + 2 < count ? bytes[index + 2] : 0
            switch byte {
            case 0xC2 where (0x80...0x9F).contains(next): return true
            case 0xD8 where next == 0x9C: return true
            case 0xE2 where next == 0x80 && (third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third)): return true
            case 0xE2 where next == 0x81 && (0xA6...0xA9).contains(third): return true
            case 0xEF where next == 0xBB && third == 0xBF: return true
            default: index += 1
            }
        }
        return false
    }

    private static func needsEscape(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(needsEscape)
    }

    /// Whether every byte is printable ASCII (0x20–0x7E), read straight from memory.
    private static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }

    private static func isPrintableASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(isPrintableASCII)
    }

    /// Appends one valid scalar, escaped when it could control or mislead the terminal.
    private static func append(_ scalar: Unicode.Scalar, encoded: ArraySlice<UInt8>, to output: inout [UInt8]) {
        switch scalar.value {
        case 0x0D: output += "\\r".utf8
        case 0x0A: output += "\\n".utf8
        case 0x09: output += "\\t".utf8
        case 0x00..<0x20, 0x7F, 0x80...0x9F:
            for byte in encoded { output += hex(byte).utf8 }
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF:
            output += ("\\u{" + String(scalar.value, radix: 16) + "}").utf8
        default:
            // A well-formed sequence that needs no escape: its bytes as they are.
            output += encoded
        }
    }

    /// `\xHH` with two lowercase hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: [0x5C, 0x78, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
