import NIOCore
import SMTPCore

/// A reply the practice server sends: a code, an optional enhanced status code and its lines.
///
/// RFC 5321 §4.2: every line but the last is `code "-" text`, the last `code SP text`.
/// RFC 2034 §4: with ENHANCEDSTATUSCODES the enhanced code starts the text of every line.
public struct ServerReply: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit reply code.
    public let code: Int
    /// The enhanced status code put in front of every line's text, if any.
    public let enhancedCode: EnhancedStatusCode?
    /// The text of each line, without code or enhanced code; never empty.
    public let lines: [String]

    /// A reply with one or more lines.
    ///
    /// Text often quotes what the client sent (a HELO name, an address); its control
    /// characters are written as escapes (`\r`, `\x06`), so no client byte can end a reply
    /// line early or reach the client's terminal raw.
    public init(_ code: Int, _ enhanced: String? = nil, _ lines: [String]) {
        self.code = code
        self.enhancedCode = enhanced.flatMap(EnhancedStatusCode.init)
        self.lines = lines.isEmpty ? [""] : lines.map { VisibleText.escape(Array($0.utf8)) }
        wireLines = Self.wireLines(code: code, enhanced: enhancedCode, lines: self.lines)
    }

    /// A one-line reply.
    public init(_ code: Int, _ enhanced: String? = nil, _ text: String) {
        self.init(code, enhanced, [text])
    }

    /// The reply's lines as they go on the wire, without CRLF (`250-first`, `250 last`): made
    /// once, since the connection, its log and its transcript each need them.
    public let wireLines: [String]

    private static func wireLines(code: Int, enhanced: EnhancedStatusCode?, lines: [String]) -> [String] {
        let prefix = enhanced.map { "\($0) " } ?? ""
        return lines.enumerated().map { index, text in
            let separator = index == lines.count - 1 ? " " : "-"
            // Always a separator, even before empty text: RFC 4954 §4 requires `334 ` with SP.
            return "\(code)\(separator)\(prefix)\(text)"
        }
    }

    /// The bytes to send, as `write(to:)` writes them (for tests and the fuzz target).
    public var wireBytes: [UInt8] {
        var buffer = ByteBuffer()
        write(to: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// Writes the bytes to send, every line followed by CRLF, into `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: wireLines.reduce(0) { $0 + $1.utf8.count + 2 })
        for line in wireLines {
            buffer.writeString(line)
            buffer.writeStaticString("\r\n")
        }
    }

    /// The wire lines joined by newlines, for logs and test messages.
    public var description: String { wireLines.joined(separator: "\n") }

    /// 4xx or 5xx.
    public var isNegative: Bool { code >= 400 }
}
