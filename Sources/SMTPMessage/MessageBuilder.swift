import SMTPCore

/// Builds an RFC 5322 / MIME message from a `MessageSpec`.
///
/// The structure is the least the content needs: a single part for text only;
/// multipart/alternative for text and HTML; multipart/related around the HTML and its
/// inline images (inside the alternative when there is text too); multipart/mixed around
/// all of that and the attachments. Each part gets its own transfer encoding
/// (`EncodedBody`, `ExactContentScan`), every line ends in CRLF and has at most 998 octets,
/// and header text that is not ASCII goes in RFC 2047 encoded words unless SMTPUTF8 is in use.
///
/// `prepare` opens the files and plans the message; its `write` streams it, reading and
/// encoding the files as they go out. `build` is that writing into an array.
public enum MessageBuilder {
    /// The message for `spec`, whole in memory, with random boundaries and Message-ID.
    public static func build(_ spec: MessageSpec) throws(MessageBuildError) -> BuiltMessage {
        try wholeInMemory(prepare(spec))
    }

    /// The message for `spec`, whole in memory, its boundaries and Message-ID drawn from
    /// `generator` (a seeded one makes the same bytes every time).
    public static func build(
        _ spec: MessageSpec, using generator: inout some RandomNumberGenerator
    ) throws(MessageBuildError) -> BuiltMessage {
        try wholeInMemory(prepare(spec, using: &generator))
    }

    /// `message` written into an array.
    private static func wholeInMemory(_ message: PreparedMessage) throws(MessageBuildError) -> BuiltMessage {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(message.outline.size)
        try message.write { bytes += $0 }
        return BuiltMessage(bytes: bytes, outline: message.outline)
    }

    /// The message for `spec` ready to be written, with random boundaries and Message-ID.
    public static func prepare(_ spec: MessageSpec) throws(MessageBuildError) -> PreparedMessage {
        var generator = SystemRandomNumberGenerator()
        return try prepare(spec, using: &generator)
    }

    /// The message for `spec` ready to be written, its boundaries and Message-ID drawn from
    /// `generator`. Every file is opened first, so one that cannot be read is an error
    /// before anything else is done; then each is scanned for its encoding.
    public static func prepare(
        _ spec: MessageSpec, using generator: inout some RandomNumberGenerator
    ) throws(MessageBuildError) -> PreparedMessage {
        let extraFields = try spec.headers.map { header throws(MessageBuildError) in try extraField(header, spec: spec) }
        try checkIdentifier(spec.messageIDDomain, allowsAt: false, else: .invalidMessageIDDomain(spec.messageIDDomain))
        let root = try body(of: spec, using: &generator)
        let messageID = "<\(RandomText.alphanumeric(24, using: &generator).lowercased())@\(spec.messageIDDomain)>"

        var fields: [HeaderField] = [HeaderField(name: "Date", value: (spec.date ?? .now()).description)]
        for mailbox in [spec.from] + spec.to + spec.cc { try mailbox.check(smtputf8: spec.smtputf8) }
        fields.append(HeaderField(name: "From", value: addressList([spec.from], smtputf8: spec.smtputf8)))
        if !spec.to.isEmpty { fields.append(HeaderField(name: "To", value: addressList(spec.to, smtputf8: spec.smtputf8))) }
        if !spec.cc.isEmpty { fields.append(HeaderField(name: "Cc", value: addressList(spec.cc, smtputf8: spec.smtputf8))) }
        if let subject = spec.subject {
            fields.append(HeaderField.unstructured(name: "Subject", text: subject, smtputf8: spec.smtputf8))
        }
        fields.append(HeaderField(name: "Message-ID", value: messageID))
        let given = Set(extraFields.map { $0.name.lowercased() })
        fields.removeAll { given.contains($0.name.lowercased()) }
        fields += extraFields
        fields.append(HeaderField(name: "MIME-Version", value: "1.0"))
        fields += root.headers
        return PreparedMessage(headerLines: fields.flatMap(\.lines), root: root, messageID: messageID)
    }

    /// The root entity: text and HTML (with the inline images), then the attachments.
    private static func body(
        of spec: MessageSpec, using generator: inout some RandomNumberGenerator
    ) throws(MessageBuildError) -> MIMEEntity {
        let eightBit = spec.eightBitMIME || spec.smtputf8
        if !spec.inlineImages.isEmpty && spec.html == nil { throw .inlineImagesWithoutHTML }
        let imageContents = try spec.inlineImages.map { image throws(MessageBuildError) in try OpenedContent(image.content) }
        let attachmentContents = try spec.attachments.map { file throws(MessageBuildError) in try OpenedContent(file.content) }
        var html: MIMEEntity?
        if let source = spec.html {
            html = textPart("html", source, eightBit: eightBit)
            if !spec.inlineImages.isEmpty {
                var images: [MIMEEntity] = []
                for (image, content) in zip(spec.inlineImages, imageContents) {
                    try checkIdentifier(image.contentID, allowsAt: true, else: .invalidContentID(image.contentID))
                    images.append(
                        try filePart(
                            content, mediaType: image.mediaType, fileName: image.fileName, disposition: "inline",
                            contentID: image.contentID, eightBit: eightBit))
                }
                html = .multipart("related", parts: [html!] + images, parameters: ["type=\"text/html\""], using: &generator)
            }
        }
        var main: MIMEEntity
        switch (spec.text, html) {
        case (let text?, let html?):
            main = .multipart("alternative", parts: [textPart("plain", text, eightBit: eightBit), html], using: &generator)
        case (_, let html?): main = html
        case (let text, nil): main = textPart("plain", text ?? "", eightBit: eightBit)
        }
        guard !spec.attachments.isEmpty else { return main }
        var attachments: [MIMEEntity] = []
        for (file, content) in zip(spec.attachments, attachmentContents) {
            attachments.append(
                try filePart(content, mediaType: file.mediaType, fileName: file.fileName, disposition: "attachment", eightBit: eightBit))
        }
        return .multipart("mixed", parts: [main] + attachments, using: &generator)
    }

    private static func textPart(_ subtype: String, _ text: String, eightBit: Bool) -> MIMEEntity {
        .leaf(contentType: "text/\(subtype); charset=utf-8", body: .encoded(EncodedBody.text(text, eightBit: eightBit)))
    }

    /// An attachment or image: its type as given or guessed from its first octets and its
    /// name; its content scanned for the encoding, block by block, as far as it takes.
    private static func filePart(
        _ content: OpenedContent, mediaType: String?, fileName: String?, disposition: String, contentID: String? = nil,
        eightBit: Bool
    ) throws(MessageBuildError) -> MIMEEntity {
        var type = mediaType ?? ""
        if mediaType == nil {
            let isWhole = content.size <= OpenedContent.sniffLength
            type = MediaTypeGuess.mediaType(of: try content.prefix(), isWhole: isWhole, fileName: fileName)
        }
        var scan = ExactContentScan(eightBit: eightBit)
        var offset = 0
        while offset < content.size && scan.undecided {
            let block = try content.block(at: offset)
            scan.feed(block)
            offset += block.count
        }
        scan.finish()
        return .leaf(contentType: type, body: .content(content, scan), fileName: fileName, disposition: disposition, contentID: contentID)
    }

    private static func addressList(_ mailboxes: [Mailbox], smtputf8: Bool) -> String {
        mailboxes.map { $0.headerText(smtputf8: smtputf8) }.joined(separator: ", ")
    }

    /// Throws `error` unless `text` is printable ASCII without spaces or angle brackets (and
    /// without `@` unless `allowsAt`): the id-right of a Message-ID, a Content-ID.
    private static func checkIdentifier(_ text: String, allowsAt: Bool, else error: MessageBuildError) throws(MessageBuildError) {
        let forbidden = Array("<>\"\\()[]".utf8) + (allowsAt ? [] : [UInt8(ascii: "@")])
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }) else { throw error }
    }
}
