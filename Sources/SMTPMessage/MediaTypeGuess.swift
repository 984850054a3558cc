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

    /// The type for content named `fileName` that starts with `bytes` (all of it when
    /// `isWhole`; the builder reads a file's first 4 KiB only): a signature wins; then the
    /// extension (a text type only when the bytes are text); then text/plain for UTF-8 text
    /// without control characters other than tab, CR, LF and form feed; then
    /// application/octet-stream.
    public static func mediaType(of bytes: some Collection<UInt8>, isWhole: Bool = true, fileName: String?) -> String {
        if let match = signatures.first(where: { bytes.starts(with: $0.prefix) }) { return match.type }
        let text = isText(bytes, isWhole: isWhole)
        if let fileName, let dot = fileName.lastIndex(of: "."),
            let type = extensions[fileName[fileName.index(after: dot)...].lowercased()],
            text || !type.hasPrefix("text/")
        {
            return type.hasPrefix("text/") ? type + "; charset=utf-8" : type
        }
        return text ? "text/plain; charset=utf-8" : "application/octet-stream"
    }

    /// Valid UTF-8 with no control character but tab, LF, FF and CR; a character cut at
    /// the end is allowed when the bytes are not `isWhole`.
    static func isText(_ bytes: some Collection<UInt8>, isWhole: Bool) -> Bool {
        var utf8 = UTF8Validation()
        for byte in bytes {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D || byte == 0x7F { return false }
            utf8.feed(byte)
        }
        return utf8.isValid && (utf8.isComplete || !isWhole)
    }
}
