/// One message's envelope: the sender, the recipients and the MAIL FROM / RCPT TO
/// parameters asked for. ``commands(advertised:tlsActive:)`` turns it into the lines to
/// send, or says before anything is sent why the server cannot take them.
public struct MailEnvelope: Sendable, Hashable {
    /// One recipient and its DSN parameters.
    public struct Recipient: Sendable, Hashable {
        /// The address, without angle brackets.
        public var address: String
        /// `NOTIFY=`, or nil to leave it to the server.
        public var notify: DSNNotify?
        /// `ORCPT=`, or nil for none.
        public var originalRecipient: OriginalRecipient?

        public init(_ address: String, notify: DSNNotify? = nil, originalRecipient: OriginalRecipient? = nil) {
            self.address = address
            self.notify = notify
            self.originalRecipient = originalRecipient
        }
    }

    /// Whether to use SMTPUTF8 (RFC 6531).
    public enum SMTPUTF8Mode: String, Sendable, CaseIterable {
        /// When an address (or a header that only UTF-8 can carry) is not ASCII, or when
        /// there is non-ASCII header text and the server offers SMTPUTF8; an error when it
        /// is needed and not offered.
        case auto
        /// Always; an error when the server does not offer it.
        case always
        /// Never; an error when it is needed.
        case never
    }

    /// What the message's header section holds, as the message builder reports it.
    public enum HeaderText: Sendable, Hashable {
        /// Only ASCII.
        case ascii
        /// Non-ASCII text that RFC 2047 encoded words can carry when SMTPUTF8 is not in use
        /// (a subject, a display name): SMTPUTF8 is used when offered, not required.
        case encodable
        /// A non-ASCII address in a header (From, To, Cc): only SMTPUTF8 can carry it,
        /// since an addr-spec cannot hold encoded words (RFC 2047 §5).
        case needsUTF8
    }

    /// The reverse-path, without angle brackets; empty for the null sender `<>`.
    public var sender: String
    /// The recipients, in the order their RCPT TO lines go out.
    public var recipients: [Recipient]
    /// The message's size in octets for `SIZE=` (RFC 1870), sent when SIZE was advertised.
    public var size: Int?
    /// Whether the message has 8-bit content: `BODY=8BITMIME` (RFC 6152).
    public var eightBitMIME: Bool
    /// Whether to use SMTPUTF8.
    public var smtpUTF8: SMTPUTF8Mode
    /// What the header section holds, for the SMTPUTF8 decision.
    public var headerText: HeaderText
    /// `REQUIRETLS` (RFC 8689): the message must travel over TLS all the way.
    public var requireTLS: Bool
    /// `RET=`, or nil to leave it to the server.
    public var ret: DSNReturn?
    /// `ENVID=`, or nil for none.
    public var envelopeID: EnvelopeID?

    public init(
        sender: String, recipients: [Recipient], size: Int? = nil, eightBitMIME: Bool = false,
        smtpUTF8: SMTPUTF8Mode = .auto, headerText: HeaderText = .ascii, requireTLS: Bool = false,
        ret: DSNReturn? = nil, envelopeID: EnvelopeID? = nil
    ) {
        self.sender = sender
        self.recipients = recipients
        self.size = size
        self.eightBitMIME = eightBitMIME
        self.smtpUTF8 = smtpUTF8
        self.headerText = headerText
        self.requireTLS = requireTLS
        self.ret = ret
        self.envelopeID = envelopeID
    }
}

/// The lines that open a mail transaction, without their CRLF.
public struct EnvelopeCommands: Sendable, Hashable {
    /// `MAIL FROM:<…>` and its parameters.
    public let mail: String
    /// One `RCPT TO:<…>` line per recipient, in order.
    public let recipients: [String]
    /// Whether SMTPUTF8 is in use: the message may then carry UTF-8 headers unencoded.
    public let usesSMTPUTF8: Bool
}

/// Why an envelope cannot be sent to this server; found before MAIL FROM goes out.
public enum EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The envelope has no recipient.
    case noRecipients
    /// An address that cannot be put between angle brackets on a command line.
    case invalidAddress(String, reason: String)
    /// Parameters were asked for whose extension the server did not advertise.
    case notAdvertised(extension: String, parameters: [String])
    /// REQUIRETLS on a session that is not encrypted.
    case requireTLSWithoutTLS
    /// SMTPUTF8 is needed (or was asked for) and the server does not offer it.
    case smtpUTF8NotOffered(reason: String)
    /// SMTPUTF8 is needed and `never` was chosen.
    case smtpUTF8Needed(reason: String)
    /// The message is larger than the server's advertised SIZE limit.
    case sizeOverLimit(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .noRecipients:
            "There is no recipient."
        case .invalidAddress(let address, let reason):
            "The address “\(address)” cannot be sent: \(reason)."
        case .notAdvertised(let name, let parameters):
            "The server did not advertise \(name)\(Self.rfc[name].map { " (\($0))" } ?? ""), "
                + "needed for \(parameters.joined(separator: ", "))."
        case .requireTLSWithoutTLS:
            "REQUIRETLS is only allowed on a TLS session (RFC 8689), and this session is not encrypted."
        case .smtpUTF8NotOffered(let reason):
            "SMTPUTF8 is needed (\(reason)) but the server did not advertise it (RFC 6531)."
        case .smtpUTF8Needed(let reason):
            "SMTPUTF8 is needed (\(reason)) but it was turned off."
        case .sizeOverLimit(let size, let limit):
            "The message is \(size) bytes, over the server's advertised limit of \(limit) bytes (RFC 1870)."
        }
    }

    /// The RFC of each extension an envelope may need.
    private static let rfc = ["DSN": "RFC 3461", "8BITMIME": "RFC 6152", "REQUIRETLS": "RFC 8689"]
}
