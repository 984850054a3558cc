/// A message built by `MessageBuilder`: its bytes, ready for DATA or BDAT, and what
/// `/compose` shows of it.
///
/// The bytes are not dot-stuffed: a line may start with `.`. Dot-stuffing belongs to the
/// wire (DATA only, RFC 5321 §4.5.2), where `MessageBodyEncoder` does it; BDAT and a
/// message file take the bytes as they are.
public struct BuiltMessage: Sendable {
    /// The whole message: header section, blank line, body; every line ends in CRLF and has
    /// at most 998 octets before it.
    public let bytes: [UInt8]
    /// The header section as sent, one element per line (a folded field takes several,
    /// continuation lines starting with a space), without CRLF.
    public let headerLines: [String]
    /// The MIME structure.
    public let structure: MessagePart
    /// The Message-ID, with its angle brackets.
    public let messageID: String
    /// Some header holds raw UTF-8: the message needs SMTPUTF8.
    public let needsSMTPUTF8: Bool
    /// Some part is sent `8bit`: MAIL FROM needs `BODY=8BITMIME`.
    public let needsEightBitMIME: Bool

    /// The MIME tree for display, one line per part (`MessagePart.treeLines`).
    public var treeLines: [String] { structure.treeLines }
}
