/// The grammar of one reply line, applied to a line whose terminator is already removed.
///
/// Kept apart from ``ReplyParser`` so the byte-level rules can be read (and tested) without
/// the buffering and reply assembly around them.
enum ReplyLineGrammar {
    /// The outcome of one grammar rule: the value read, or the reason the bytes break the rule.
    ///
    /// Not `Result`: the reason is a ``ReplyParseError/Kind``, which is not an `Error` itself.
    enum Parsed<Value> {
        case ok(Value)
        case malformed(ReplyParseError.Kind)
    }

    static let space: UInt8 = 0x20
    static let hyphen: UInt8 = 0x2D
    static let zero: UInt8 = 0x30

    /// Parses one line into a ``ReplyLine``, or says which rule it breaks.
    ///
    /// RFC 5321 §4.2:
    ///   Reply-line = *( Reply-code "-" [ textstring ] CRLF )
    ///                Reply-code [ SP textstring ] CRLF
    ///
    /// Two tolerances, both for servers in real use: the text after the separator is kept
    /// as received even when it is not a `textstring` (UTF-8, control characters; the
    /// console escapes them when showing the line), and `Reply-code SP` with no text
    /// (smtp-sink ends its EHLO reply with `250 `) is a last line with empty text.
    static func parse(_ raw: [UInt8], endedWithBareLF: Bool) -> Parsed<ReplyLine> {
        let code: Int
        switch replyCode(raw) {
        case .ok(let value): code = value
        case .malformed(let kind): return .malformed(kind)
        }
        let isLast: Bool
        switch separator(raw) {
        case .ok(let value): isLast = value
        case .malformed(let kind): return .malformed(kind)
        }
        let text = raw.count > 4 ? Array(raw[4...]) : []
        return .ok(
            ReplyLine(code: code, isLast: isLast, text: text, raw: raw, endedWithBareLF: endedWithBareLF)
        )
    }

    /// Reads the three-digit code at the start of a line.
    ///
    /// RFC 5321 §4.2:
    ///   Reply-code = %x32-35 %x30-35 %x30-39
    ///
    /// Three digits that break this shape (`199`, `600`, `260`) are `invalidCode`, so the
    /// user is told the server sent a code no client can interpret, not merely "garbage".
    static func replyCode(_ raw: [UInt8]) -> Parsed<Int> {
        guard raw.count >= 3, raw[0..<3].allSatisfy(isDigit) else { return .malformed(.missingCode) }
        let digits = raw[0..<3].map { Int($0 - zero) }
        guard (2...5).contains(digits[0]), (0...5).contains(digits[1]) else {
            return .malformed(.invalidCode)
        }
        return .ok(digits[0] * 100 + digits[1] * 10 + digits[2])
    }

    /// Reads what follows the code: `true` for the last line of a reply, `false` for a continuation.
    ///
    /// RFC 5321 §4.2 (the part after Reply-code):
    ///   last-line-rest         = [ SP textstring ] CRLF
    ///   continuation-line-rest = "-" [ textstring ] CRLF
    static func separator(_ raw: [UInt8]) -> Parsed<Bool> {
        guard raw.count > 3 else { return .ok(true) }
        switch raw[3] {
        case space: return .ok(true)
        case hyphen: return .ok(false)
        default: return .malformed(.invalidSeparator)
        }
    }

    /// RFC 5234 B.1: DIGIT = %x30-39
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
