import SMTPAuth
import SMTPCore
import Testing

/// The reply a server sends as `wire` (CRLF added per line), read by the real parser.
func serverReply(_ wire: String, sourceLocation: SourceLocation = #_sourceLocation) -> Reply {
    var parser = ReplyParser()
    let bytes =
        Array(wire.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n").utf8)
        + [0x0D, 0x0A]
    let replies = parser.feed(bytes).compactMap { event -> Reply? in
        if case .reply(let reply) = event { return reply }
        return nil
    }
    #expect(replies.count == 1, "expected one reply in \(wire)", sourceLocation: sourceLocation)
    return replies.first ?? Reply(code: 0, lines: [ReplyLine(code: 0, isLast: true, text: [], raw: [])])
}

/// The bytes the base64 text stands for; records an issue when it is not base64.
func base64Bytes(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    do {
        return try Base64.decode(text, strict: true)
    } catch {
        Issue.record("not base64: \(text): \(error)", sourceLocation: sourceLocation)
        return []
    }
}

/// The bytes of an ASCII string with `\0` and `^A` written as such in Swift literals.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The argument after `AUTH MECH ` on a command line, or nil when there is none.
func initialResponse(of line: AuthLine) -> String? {
    let words = line.unredactedText.split(separator: " ", omittingEmptySubsequences: false)
    return words.count == 3 ? String(words[2]) : nil
}
