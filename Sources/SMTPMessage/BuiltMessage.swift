/// A message built whole in memory by `MessageBuilder.build`: its bytes, ready for DATA or
/// BDAT, and its outline (what `/compose` shows of it), whose fields read as its own
/// (`message.headerLines`).
///
/// The bytes are not dot-stuffed: a line may start with `.`. Dot-stuffing belongs to the
/// wire (DATA only, RFC 5321 §4.5.2), where `MessageBodyEncoder` does it; BDAT and a
/// message file take the bytes as they are.
@dynamicMemberLookup
public struct BuiltMessage: Sendable {
    /// The whole message: header section, blank line, body; every line ends in CRLF and has
    /// at most 998 octets before it.
    public let bytes: [UInt8]
    /// Everything about the message but its bytes.
    public let outline: MessageOutline

    /// The outline's fields: `message.messageID`.
    public subscript<Value>(dynamicMember field: KeyPath<MessageOutline, Value>) -> Value {
        outline[keyPath: field]
    }
}

/// What a message is, known before it is written (`PreparedMessage.outline`): what
/// `/compose` shows, what MAIL FROM needs, and how big it is.
public struct MessageOutline: Sendable {
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
    /// Octets of the whole message as written (not dot-stuffed): MAIL FROM's `SIZE=`.
    public let size: Int

    /// The MIME tree for display, one line per part (`MessagePart.treeLines`).
    public var treeLines: [String] { structure.treeLines }
}
