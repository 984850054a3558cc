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

/// Random text for boundaries and Message-IDs, from the builder's generator.
enum RandomText {
    /// Letters and digits: what boundaries and Message-IDs are drawn from.
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` letters and digits.
    static func alphanumeric(_ count: Int, using generator: inout some RandomNumberGenerator) -> String {
        String(decoding: (0..<count).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
    }
}
