/// A line the client must send during an AUTH exchange, with its redacted display form.
///
/// Redaction happens here, where the line is built: the wire text is reachable only as
/// ``unredactedText`` / ``wireBytes``, for the one place that writes to the socket, while
/// ``displayText`` (also the `description`) is what consoles and transcripts show.
/// Credentials-derived parts are replaced with ``Secret/placeholder``; the `AUTH` verb
/// and the mechanism name stay visible (`AUTH PLAIN [redacted]`).
public struct AuthLine: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The line exactly as it goes on the wire, without CRLF. Never print it.
    public let unredactedText: String
    /// The line as it may be shown: credentials replaced with `[redacted]`.
    public let displayText: String
    /// What the line carries, in words (`the password`, `CRAM-MD5 digest`), so a console
    /// can say what was sent without showing it.
    public let summary: String

    /// Whether the line must be redacted in transcripts and kept out of history. Always
    /// `true`: every line of an AUTH exchange is treated as secret, like `SentLine.isSecret`
    /// does for AUTH commands and 334 answers, even the few that happen to carry nothing.
    public let isSecret: Bool

    init(unredacted: String, display: String, summary: String) {
        unredactedText = unredacted
        displayText = display
        self.summary = summary
        isSecret = true
    }

    /// The bytes to write: the line and its CRLF.
    public var wireBytes: [UInt8] { Array(unredactedText.utf8) + [0x0D, 0x0A] }

    /// The length on the wire including CRLF, which RFC 4954 §4 limits to 12288 octets.
    public var wireLength: Int { unredactedText.utf8.count + 2 }

    public var description: String { displayText }
    public var debugDescription: String { displayText }
    /// Only the display form is reflected; `dump` must not show the wire text.
    public var customMirror: Mirror {
        Mirror(self, children: ["displayText": displayText, "summary": summary], displayStyle: .struct)
    }
}
