/// One line of a server reply, exactly as it arrived (without its line terminator).
///
/// RFC 5321 §4.2:
///   Reply-line = *( Reply-code "-" [ textstring ] CRLF )
///                Reply-code [ SP textstring ] CRLF
public struct ReplyLine: Sendable, Hashable {
    /// The three-digit code at the start of the line.
    public let code: Int
    /// `true` for the last line of a reply (`250 ` or a bare `250`), `false` for `250-`.
    public let isLast: Bool
    /// The bytes after the separator, exactly as received (may be empty, may be non-UTF-8).
    public let text: [UInt8]
    /// The whole line as received, without its terminator.
    public let raw: [UInt8]
    /// `true` when the line ended in a bare LF instead of CRLF.
    public let endedWithBareLF: Bool

    public init(code: Int, isLast: Bool, text: [UInt8], raw: [UInt8], endedWithBareLF: Bool = false) {
        self.code = code
        self.isLast = isLast
        self.text = text
        self.raw = raw
        self.endedWithBareLF = endedWithBareLF
    }

    /// The text decoded as UTF-8, with invalid sequences replaced (for display use `raw` and escape it).
    public var textString: String { String(decoding: text, as: UTF8.self) }
}

/// A complete server reply: one or more lines sharing one code.
public struct Reply: Sendable, Hashable {
    /// The three-digit reply code (200–599 for well-formed replies).
    public let code: Int
    /// Every line of the reply, in order; never empty.
    public let lines: [ReplyLine]

    public init(code: Int, lines: [ReplyLine]) {
        precondition(!lines.isEmpty, "a reply has at least one line")
        self.code = code
        self.lines = lines
    }

    /// The first digit: 2 positive completion, 3 positive intermediate,
    /// 4 transient negative, 5 permanent negative (RFC 5321 §4.2.1).
    public var replyClass: Int { code / 100 }
    /// 2xx or 3xx.
    public var isPositive: Bool { replyClass == 2 || replyClass == 3 }
    /// 4xx or 5xx.
    public var isNegative: Bool { replyClass == 4 || replyClass == 5 }
    /// The text of every line, decoded lossily as UTF-8.
    public var textLines: [String] { lines.map(\.textString) }
}
