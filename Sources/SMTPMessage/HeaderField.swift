/// One header field as it goes out: its name and its value, folded (RFC 5322 §2.2.3).
struct HeaderField {
    /// The widest line folding aims at: RFC 2047 §2 limits a line with encoded words to 76.
    static let foldWidth = 76

    /// The field name (`Subject`).
    let name: String
    /// The value, already in its wire form (encoded words, quoted strings), on one line.
    let value: String

    /// The field's lines without CRLF: folded before a space wherever a line would pass
    /// `foldWidth` octets. A word longer than that stays whole on its line; a break is
    /// never made where it would leave a line of whitespace only.
    var lines: [String] {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let piece = " " + word
            if !word.isEmpty && line.utf8.count + piece.utf8.count > Self.foldWidth
                && line.contains(where: { $0 != " " })
            {
                lines.append(line)
                line = ""
            }
            line += piece
        }
        lines.append(line)
        return lines
    }

    /// The field's wire form: its lines, each ending in CRLF.
    var wireText: String {
        lines.map { $0 + "\r\n" }.joined()
    }

    /// Unstructured text (Subject, a `--header` value) in its wire form: as it is when it is
    /// ASCII (or SMTPUTF8 allows UTF-8); otherwise, or when it could be read as encoded words
    /// or has a word too long to fold, RFC 2047 encoded words.
    static func unstructured(name: String, text: String, smtputf8: Bool) -> HeaderField {
        let plain = smtputf8 || text.utf8.allSatisfy { $0 < 0x80 }
        let longestWord = text.split(separator: " ").map(\.utf8.count).max() ?? 0
        if plain && !EncodedWord.looksEncoded(text) && longestWord <= 900 {
            return HeaderField(name: name, value: text)
        }
        let firstLength = foldWidth - name.utf8.count - 2
        return HeaderField(name: name, value: EncodedWord.encode(text, firstLength: firstLength).joined(separator: " "))
    }

    /// A parameter of Content-Type or Content-Disposition (RFC 2045 §5.1, RFC 2231 §3–4):
    /// `name=token`, `name="quoted"`, or, for a value that is not short printable ASCII,
    /// `name*0*=utf-8''%E2%80%A6; name*1*=…`, percent-encoded UTF-8 in pieces that fold.
    static func parameter(_ name: String, _ value: String) -> String {
        let bytes = Array(value.utf8)
        let printable = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if printable && !bytes.isEmpty && bytes.count <= 60 {
            if bytes.allSatisfy(isAttributeChar) { return "\(name)=\(value)" }
            var quoted = "\""
            for character in value {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return "\(name)=\(quoted)\""
        }
        var pieces: [[UInt8]] = [Array("utf-8''".utf8)]
        for scalar in value.unicodeScalars {  // a piece holds whole characters: readers decode each alone
            var encoded: [UInt8] = []
            for byte in String(scalar).utf8 {
                if isAttributeChar(byte) { encoded.append(byte) } else { Hex.append(byte, marker: UInt8(ascii: "%"), to: &encoded) }
            }
            if pieces[pieces.count - 1].count + encoded.count > 60 { pieces.append([]) }
            pieces[pieces.count - 1] += encoded
        }
        if pieces.count == 1 { return "\(name)*=" + String(decoding: pieces[0], as: UTF8.self) }
        return pieces.enumerated().map { "\(name)*\($0.offset)*=" + String(decoding: $0.element, as: UTF8.self) }
            .joined(separator: "; ")
    }

    /// RFC 2231's `attribute-char`: printable ASCII but space, `*'%` and the tspecials.
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !Array("*'%()<>@,;:\\\"/[]?=".utf8).contains(byte)
    }
}
