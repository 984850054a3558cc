import SMTPCore

/// Builds an RFC 5322 / MIME message from a `MessageSpec`: pure, no I/O.
///
/// The structure is the least the content needs: a single part for text only;
/// multipart/alternative for text and HTML; multipart/related around the HTML and its
/// inline images (inside the alternative when there is text too); multipart/mixed around
/// all of that and the attachments. Each part gets its own transfer encoding
/// (`EncodedBody`), every line ends in CRLF and has at most 998 octets, and header text
/// that is not ASCII goes in RFC 2047 encoded words unless SMTPUTF8 is in use.
public enum MessageBuilder {
    /// The message for `spec`, with random boundaries and Message-ID.
    public static func build(_ spec: MessageSpec) throws(MessageBuildError) -> BuiltMessage {
        var generator = SystemRandomNumberGenerator()
        return try build(spec, using: &generator)
    }

    /// The message for `spec`, its boundaries and Message-ID drawn from `generator` (a seeded
    /// one makes the same bytes every time).
    public static func build(
        _ spec: MessageSpec, using generator: inout some RandomNumberGenerator
    ) throws(MessageBuildError) -> BuiltMessage {
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

        let headerLines = fields.flatMap(\.lines)
        var bytes = Array(headerLines.map { $0 + "\r\n" }.joined().utf8)
        let headerEnd = bytes.count
        bytes += [0x0D, 0x0A] + root.body
        if !root.body.isEmpty && root.body.last != 0x0A { bytes += [0x0D, 0x0A] }
        return BuiltMessage(
            bytes: bytes, headerLines: headerLines, structure: root.summary, messageID: messageID,
            needsSMTPUTF8: bytes[..<headerEnd].contains { $0 >= 0x80 }, needsEightBitMIME: usesEightBit(root.summary))
    }

    /// The root entity: text and HTML (with the inline images), then the attachments.
    private static func body(
        of spec: MessageSpec, using generator: inout some RandomNumberGenerator
    ) throws(MessageBuildError) -> MIMEEntity {
        let eightBit = spec.eightBitMIME || spec.smtputf8
        if !spec.inlineImages.isEmpty && spec.html == nil { throw .inlineImagesWithoutHTML }
        var html: MIMEEntity?
        if let source = spec.html {
            html = textPart("html", source, eightBit: eightBit)
            if !spec.inlineImages.isEmpty {
                var images: [MIMEEntity] = []
                for image in spec.inlineImages {
                    try checkIdentifier(image.contentID, allowsAt: true, else: .invalidContentID(image.contentID))
                    images.append(
                        filePart(
                            image.bytes, mediaType: image.mediaType, fileName: image.fileName, disposition: "inline",
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
        let attachments = spec.attachments.map {
            filePart($0.bytes, mediaType: $0.mediaType, fileName: $0.fileName, disposition: "attachment", eightBit: eightBit)
        }
        return .multipart("mixed", parts: [main] + attachments, using: &generator)
    }

    private static func textPart(_ subtype: String, _ text: String, eightBit: Bool) -> MIMEEntity {
        .leaf(contentType: "text/\(subtype); charset=utf-8", content: EncodedBody.text(text, eightBit: eightBit))
    }

    private static func filePart(
        _ bytes: [UInt8], mediaType: String?, fileName: String?, disposition: String, contentID: String? = nil, eightBit: Bool
    ) -> MIMEEntity {
        .leaf(
            contentType: mediaType ?? MediaTypeGuess.mediaType(of: bytes, fileName: fileName),
            content: EncodedBody.exact(bytes, eightBit: eightBit), fileName: fileName,
            disposition: disposition, contentID: contentID)
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

    private static func usesEightBit(_ part: MessagePart) -> Bool {
        part.transferEncoding == .eightBit || part.parts.contains(where: usesEightBit)
    }
}
