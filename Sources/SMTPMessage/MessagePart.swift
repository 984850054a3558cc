/// One part of a built message, for display (`/compose` shows the tree): its type and, for
/// a part with content, how it was written and how big the content is.
public struct MessagePart: Sendable, Hashable {
    /// The Content-Type without the boundary: `multipart/mixed`, `text/plain; charset=utf-8`.
    public let contentType: String
    /// The file name of an attachment or inline image.
    public let fileName: String?
    /// The Content-ID of an inline image, without angle brackets.
    public let contentID: String?
    /// How the content is written; nil for a multipart.
    public let transferEncoding: TransferEncoding?
    /// Octets of content before encoding (a text body with CRLF line breaks); 0 for a multipart.
    public let size: Int
    /// The parts inside a multipart, in order; empty otherwise.
    public let parts: [MessagePart]

    /// The tree, one line per part, two spaces deeper per level:
    ///
    ///     multipart/mixed
    ///       multipart/alternative
    ///         text/plain; charset=utf-8  quoted-printable  1,234 bytes
    ///         text/html; charset=utf-8  quoted-printable  5,678 bytes
    ///       application/pdf  report.pdf  base64  52,110 bytes
    public var treeLines: [String] {
        var lines: [String] = []
        appendLines(to: &lines, depth: 0)
        return lines
    }

    private func appendLines(to lines: inout [String], depth: Int) {
        var fields = [contentType]
        if let fileName { fields.append(fileName) }
        if let contentID { fields.append("cid:" + contentID) }
        if let transferEncoding { fields += [transferEncoding.rawValue, Self.grouped(size) + " bytes"] }
        lines.append(String(repeating: "  ", count: depth) + fields.joined(separator: "  "))
        for part in parts { part.appendLines(to: &lines, depth: depth + 1) }
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}

/// A MIME entity in its wire form: its Content-* header fields, its body (encoded content,
/// or the parts between boundaries), and what it shows as a `MessagePart`.
struct MIMEEntity {
    let headers: [HeaderField]
    let body: [UInt8]
    let summary: MessagePart

    /// A part with content: Content-Type (with `name` for a file), Content-Transfer-Encoding,
    /// Content-Disposition (with `filename`) when `disposition` is given, Content-ID when
    /// `contentID` is.
    static func leaf(
        contentType: String, content: EncodedBody, fileName: String? = nil, disposition: String? = nil,
        contentID: String? = nil
    ) -> MIMEEntity {
        let nameParameter = fileName.map { "; " + HeaderField.parameter("name", $0) } ?? ""
        var headers = [
            HeaderField(name: "Content-Type", value: contentType + nameParameter),
            HeaderField(name: "Content-Transfer-Encoding", value: content.encoding.rawValue),
        ]
        if let disposition {
            let fileParameter = fileName.map { "; " + HeaderField.parameter("filename", $0) } ?? ""
            headers.append(HeaderField(name: "Content-Disposition", value: disposition + fileParameter))
        }
        if let contentID { headers.append(HeaderField(name: "Content-ID", value: "<\(contentID)>")) }
        let summary = MessagePart(
            contentType: contentType, fileName: fileName, contentID: contentID, transferEncoding: content.encoding, size: content.size,
            parts: [])
        return MIMEEntity(headers: headers, body: content.bytes, summary: summary)
    }

    /// A multipart of `parts` (RFC 2046 §5.1) with a boundary found in none of them:
    /// `=_` and random letters and digits, which quoted-printable and base64 cannot
    /// produce, checked against the parts' bytes all the same. `parameters` go after the
    /// boundary (multipart/related's `type`).
    static func multipart(
        _ subtype: String, parts: [MIMEEntity], parameters: [String] = [], using generator: inout some RandomNumberGenerator
    ) -> MIMEEntity {
        let rendered = parts.map(\.wireBytes)
        var boundary: String
        repeat {
            boundary = "=_smtpc_" + RandomText.alphanumeric(24, using: &generator)
        } while rendered.contains(where: { $0.contains(Array(boundary.utf8)) })
        let delimiter = Array("--\(boundary)".utf8)
        var body: [UInt8] = []
        body.reserveCapacity(rendered.reduce(0) { $0 + $1.count + delimiter.count + 4 } + delimiter.count + 2)
        for part in rendered {
            body += delimiter + [0x0D, 0x0A] + part + [0x0D, 0x0A]
        }
        body += delimiter + Array("--".utf8)
        let contentType = "multipart/" + subtype
        let value = ([contentType, HeaderField.parameter("boundary", boundary)] + parameters).joined(separator: "; ")
        let summary = MessagePart(
            contentType: contentType, fileName: nil, contentID: nil, transferEncoding: nil, size: 0, parts: parts.map(\.summary))
        return MIMEEntity(headers: [HeaderField(name: "Content-Type", value: value)], body: body, summary: summary)
    }

    /// The header fields, the blank line and the body, as they go between boundaries.
    var wireBytes: [UInt8] {
        Array(headers.map(\.wireText).joined().utf8) + [0x0D, 0x0A] + body
    }
}

/// Random text for boundaries and Message-IDs, from the builder's generator.
enum RandomText {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` letters and digits.
    static func alphanumeric(_ count: Int, using generator: inout some RandomNumberGenerator) -> String {
        String(decoding: (0..<count).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
    }
}
