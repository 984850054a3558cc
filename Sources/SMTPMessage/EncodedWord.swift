import SMTPCore

/// RFC 2047 encoded words in UTF-8, for non-ASCII header text when SMTPUTF8 is not in use.
///
/// A text becomes a run of words, each at most 75 characters (§2) and each holding whole
/// characters (§5: a UTF-8 sequence is never cut), to be joined by spaces, which a reader
/// drops between encoded words (§6.2). Q encoding (§4.2) when most of the text is ASCII, B
/// (base64) otherwise. Q leaves only letters, digits and `!*+-/` as they are and writes a
/// space as `_`: the set allowed in a phrase (§5 (3)), so one form serves every header.
enum EncodedWord {
    /// The longest encoded word (RFC 2047 §2).
    static let maximumLength = 75

    /// The encoded words of `text`; the first at most `firstLength` characters long, so that
    /// it fits on the header's first line.
    static func encode(_ text: String, firstLength: Int = maximumLength) -> [String] {
        let bytes = Array(text.utf8)
        let escaped = bytes.filter { !isQSafe($0) && $0 != 0x20 }.count
        let useQ = escaped * 3 <= bytes.count
        let prefix = useQ ? "=?utf-8?Q?" : "=?utf-8?B?"
        var words: [String] = []
        var chunk: [UInt8] = []
        var chunkLength = 0
        func close() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + (useQ ? qEncode(chunk) : Base64.encode(chunk)) + "?=")
            chunk = []
            chunkLength = 0
        }
        for scalar in text.unicodeScalars {
            let scalarBytes = Array(String(scalar).utf8)
            let limit = (words.isEmpty ? max(firstLength, 20) : maximumLength) - prefix.utf8.count - 2
            let cost = useQ ? scalarBytes.reduce(0) { $0 + (isQSafe($1) || $1 == 0x20 ? 1 : 3) } : 0
            let grown = useQ ? chunkLength + cost : (chunk.count + scalarBytes.count + 2) / 3 * 4
            if grown > limit && !chunk.isEmpty { close() }
            chunk += scalarBytes
            chunkLength += cost
        }
        close()
        return words
    }

    /// Whether `text` holds something a reader could take for an encoded word (`=?…?=`),
    /// so that ASCII text with it must be encoded too.
    static func looksEncoded(_ text: String) -> Bool {
        text.contains("=?") && text.contains("?=")
    }

    /// Letters, digits and `!*+-/`: bytes Q encoding writes as they are.
    private static func isQSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: Array("!*+-/".utf8).contains(byte)
        }
    }

    private static func qEncode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            if isQSafe(byte) {
                text.append(byte)
            } else if byte == 0x20 {
                text.append(UInt8(ascii: "_"))
            } else {
                Hex.append(byte, marker: UInt8(ascii: "="), to: &text)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Upper-case hexadecimal, as quoted-printable, Q encoding and RFC 2231 write an octet.
enum Hex {
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// Appends `=XX` (or `%XX` with `marker` `%`) for `byte` to `output`.
    static func append(_ byte: UInt8, marker: UInt8, to output: inout [UInt8]) {
        output += [marker, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }
}
