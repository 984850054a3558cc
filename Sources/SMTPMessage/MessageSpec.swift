import SMTPCore

/// What a message to build holds, as plain values: `MessageBuilder.build` makes the RFC 5322 /
/// MIME message from it.
///
/// Bcc is not here: blind copies are envelope recipients only and never a header.
public struct MessageSpec: Sendable {
    /// The author (From).
    public var from: Mailbox
    /// The To recipients.
    public var to: [Mailbox]
    /// The Cc recipients.
    public var cc: [Mailbox]
    /// The Subject; nil for none.
    public var subject: String?
    /// More header fields, each `Name: value`, kept in this order after the built ones. One
    /// named like a built field (Date, Message-ID, From, To, Cc, Subject) replaces it;
    /// MIME-Version, Content-* and Bcc are refused (the builder owns them, Bcc is envelope only).
    public var headers: [String]
    /// The plain-text body; nil for none (an empty text part when there is no HTML either).
    public var text: String?
    /// The HTML body; nil for none. With `text`, the two make a multipart/alternative.
    public var html: String?
    /// Files attached (multipart/mixed), in this order.
    public var attachments: [Attachment]
    /// Images the HTML refers to as `cid:` (multipart/related around the HTML).
    public var inlineImages: [InlineImage]
    /// The Date header's moment; nil for now, in the local zone.
    public var date: RFC5322Date?
    /// The right-hand side of the Message-ID (the EHLO domain).
    public var messageIDDomain: String
    /// SMTPUTF8 is in use (RFC 6531): header text and addresses go as raw UTF-8.
    public var smtputf8: Bool
    /// The server advertised 8BITMIME (RFC 6152): text parts may go as `8bit`.
    public var eightBitMIME: Bool

    /// A message from `from` to `to`; everything else empty, the date now, 7-bit only.
    public init(
        from: Mailbox, to: [Mailbox], cc: [Mailbox] = [], subject: String? = nil, headers: [String] = [], text: String? = nil,
        html: String? = nil, attachments: [Attachment] = [], inlineImages: [InlineImage] = [], date: RFC5322Date? = nil,
        messageIDDomain: String, smtputf8: Bool = false, eightBitMIME: Bool = false
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.headers = headers
        self.text = text
        self.html = html
        self.attachments = attachments
        self.inlineImages = inlineImages
        self.date = date
        self.messageIDDomain = messageIDDomain
        self.smtputf8 = smtputf8
        self.eightBitMIME = eightBitMIME
    }

    /// A file attached to the message; it arrives byte for byte.
    public struct Attachment: Sendable {
        /// The file's content, which arrives exactly.
        public var content: ContentSource
        /// Its media type (`application/pdf`); nil to guess it from its first bytes and the name.
        public var mediaType: String?
        /// The name the recipient sees; nil for none.
        public var fileName: String?

        /// An attachment of `content`. A file's own name is not used unless given as `fileName`.
        public init(_ content: ContentSource, mediaType: String? = nil, fileName: String? = nil) {
            self.content = content
            self.mediaType = mediaType
            self.fileName = fileName
        }
    }

    /// An image shown inside the HTML, which names it as `cid:` followed by `contentID`.
    public struct InlineImage: Sendable {
        /// The image's content, which arrives exactly.
        public var content: ContentSource
        /// Its media type (`image/png`); nil to guess it.
        public var mediaType: String?
        /// Its file name; nil for none.
        public var fileName: String?
        /// The Content-ID without angle brackets (`logo@example.org`), as the HTML's `cid:` has it.
        public var contentID: String

        /// An inline image of `content`, referred to as `cid:contentID`.
        public init(_ content: ContentSource, mediaType: String? = nil, fileName: String? = nil, contentID: String) {
            self.content = content
            self.mediaType = mediaType
            self.fileName = fileName
            self.contentID = contentID
        }
    }
}
