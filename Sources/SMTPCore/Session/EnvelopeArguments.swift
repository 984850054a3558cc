/// The parts of a typed `MAIL FROM:` or `RCPT TO:` line: its path and its parameters.
///
/// RFC 5321 §4.1.1.2 and §4.1.1.3:
///   mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
///   rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path )
///          [SP Rcpt-parameters] CRLF
///   esmtp-param = esmtp-keyword ["=" esmtp-value]
///
/// Parsing is lenient on purpose: the console reads what the user typed to warn about
/// it and to remember addresses, never to reject or rewrite it.
public struct EnvelopeArguments: Sendable, Hashable {
    /// One `KEYWORD[=value]` parameter after the path.
    public struct Parameter: Sendable, Hashable {
        /// The keyword, uppercased (`SIZE`, `BODY`, `NOTIFY`...).
        public let keyword: String
        /// The text after `=`, as typed; `nil` when there is no `=`.
        public let value: String?
    }

    /// The verb: `.mail` or `.rcpt`.
    public let verb: SMTPVerb
    /// `true` when `FROM:` (for MAIL) or `TO:` (for RCPT) follows the verb.
    public let hasPrefixWord: Bool
    /// `true` when spaces separate the colon from the path (`MAIL FROM: <a@b>`).
    public let spaceAfterColon: Bool
    /// `true` when the path is written `<…>` with both brackets.
    public let hasAngleBrackets: Bool
    /// The address: the text between the brackets, or the bare word when they are missing.
    public let address: String
    /// The parameters after the path, in order.
    public let parameters: [Parameter]

    /// Splits a MAIL or RCPT line; `nil` for any other verb.
    public init?(line: String) {
        let verb = SMTPVerb(line: line)
        guard verb == .mail || verb == .rcpt else { return nil }
        self.verb = verb
        var rest = Array(line.utf8).dropFirst(4)
        // The verb and "FROM:" / "TO:" are separated by exactly one space.
        let word = Array((verb == .mail ? " FROM:" : " TO:").utf8)
        if ASCII.hasPrefix(rest, word) {
            hasPrefixWord = true
            rest = rest.dropFirst(word.count)
        } else {
            hasPrefixWord = false
            rest = rest.drop { $0 == 0x20 }
            // Skip a misspelt FROM/TO word so the address is still found.
            if let colon = rest.firstIndex(of: 0x3A), !rest[..<colon].contains(0x20),
                !rest[..<colon].contains(0x3C)
            {
                rest = rest[rest.index(after: colon)...]
            }
        }
        let afterColon = rest.drop { $0 == 0x20 }
        spaceAfterColon = hasPrefixWord && afterColon.count != rest.count
        rest = afterColon

        let tail: ArraySlice<UInt8>
        if rest.first == 0x3C, let close = rest.firstIndex(of: 0x3E) {
            hasAngleBrackets = true
            address = String(decoding: rest[rest.index(after: rest.startIndex)..<close], as: UTF8.self)
            tail = rest[rest.index(after: close)...]
        } else {
            hasAngleBrackets = false
            let end = rest.firstIndex(of: 0x20) ?? rest.endIndex
            var bare = rest[..<end]
            if bare.first == 0x3C { bare = bare.dropFirst() }
            address = String(decoding: bare, as: UTF8.self)
            tail = rest[end...]
        }
        parameters = String(decoding: tail, as: UTF8.self)
            .split(separator: " ")
            .map { word in
                let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return Parameter(
                    keyword: ASCII.uppercased(parts[0]),
                    value: parts.count > 1 ? String(parts[1]) : nil)
            }
    }

    /// The parameter with this (uppercase) keyword, if present.
    public func parameter(_ keyword: String) -> Parameter? {
        parameters.first { $0.keyword == keyword }
    }
}
