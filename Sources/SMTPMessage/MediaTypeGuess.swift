/// The media type of a file given none: from its first bytes, then its name's extension,
/// then whether it reads as UTF-8 text; `application/octet-stream` when nothing tells.
///
/// The one table of types smtpc knows, kept small on purpose: what people attach to test
/// messages. A text type gets `charset=utf-8` (ASCII is UTF-8 too).
public enum MediaTypeGuess {
    /// Signatures at the start of a file, and the type each means.
    static let signatures: [(prefix: [UInt8], type: String)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        (Array("GIF87a".utf8), "image/gif"),
        (Array("GIF89a".utf8), "image/gif"),
        (Array("%PDF-".utf8), "application/pdf"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip"),
        ([0x50, 0x4B, 0x05, 0x06], "application/zip"),  // an empty archive
        ([0x1F, 0x8B], "application/gzip"),
    ]

    /// Extensions, lower-case, and their types.
    static let extensions: [String: String] = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
        "webp": "image/webp", "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip",
        "json": "application/json", "txt": "text/plain", "csv": "text/csv", "html": "text/html", "htm": "text/html",
        "ics": "text/calendar", "eml": "message/rfc822",
    ]

    /// The type for `bytes` named `fileName`: a signature wins; then the extension (a text
    /// type only when the bytes are text); then text/plain for UTF-8 text without control
    /// characters other than tab, CR, LF and form feed; then application/octet-stream.
    public static func mediaType(of bytes: [UInt8], fileName: String?) -> String {
        if let match = signatures.first(where: { bytes.starts(with: $0.prefix) }) { return match.type }
        let text = isText(bytes)
        if let fileName, let dot = fileName.lastIndex(of: "."),
            let type = extensions[fileName[fileName.index(after: dot)...].lowercased()],
            text || !type.hasPrefix("text/")
        {
            return type.hasPrefix("text/") ? type + "; charset=utf-8" : type
        }
        return text ? "text/plain; charset=utf-8" : "application/octet-stream"
    }

    /// Valid UTF-8 with no control character but tab, LF, FF and CR.
    static func isText(_ bytes: [UInt8]) -> Bool {
        let controls = bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0C && $0 != 0x0D || $0 == 0x7F }
        return !controls && String(validating: bytes, as: UTF8.self) != nil
    }
}
