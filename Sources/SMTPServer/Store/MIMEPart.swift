import SMTPCore

/// A message's MIME structure as its headers and boundaries describe it (RFC 2045, RFC 2046):
/// each part's content type, name, transfer encoding and size, multiparts with their parts.
/// Enough to show `/inbox`'s tree; nothing is decoded.
public struct MIMEPart: Sendable, Hashable {
    /// `text/plain` (lower case); `text/plain` when the part does not say (RFC 2045 §5.2).
    public let contentType: String
    /// The file name (Content-Disposition's `filename`, or Content-Type's `name`).
    public let name: String?
    /// Content-Transfer-Encoding, lower case, when given.
    public let transferEncoding: String?
    /// The bytes of the part's body as sent (encoded).
    public let size: Int
    /// A multipart's parts; none for other parts.
    public let parts: [MIMEPart]

    /// Multiparts nested deeper than this are shown as leaves.
    static let maximumDepth = 16

    /// The structure of `entity`: a whole message, or one part (headers, empty line, body).
    public init(_ entity: ArraySlice<UInt8>, depth: Int = 0) {
        let (headers, body) = Self.split(entity)
        let type = Self.field("content-type", in: headers).map(Self.parameters) ?? (value: "text/plain", parameters: [:])
        let disposition = Self.field("content-disposition", in: headers).map(Self.parameters)
        contentType = type.value.isEmpty ? "text/plain" : type.value
        name = disposition?.parameters["filename"] ?? type.parameters["name"]
        transferEncoding = Self.field("content-transfer-encoding", in: headers).map { $0.lowercased() }
        size = body.count
        if contentType.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], depth < Self.maximumDepth {
            parts = Self.bodyParts(of: body, boundary: Array(("--" + boundary).utf8)).map { MIMEPart($0, depth: depth + 1) }
        } else {
            parts = []
        }
    }

    /// The tree, one line per part, indented by depth: `text/plain, 7bit, 120 bytes`.
    public var treeLines: [String] {
        var words = [contentType]
        if let name { words.append("\"\(name)\"") }
        if let transferEncoding { words.append(transferEncoding) }
        let line = words.joined(separator: ", ") + ", \(size) bytes" + (parts.isEmpty ? "" : ", \(parts.count) parts")
        return [line] + parts.flatMap { $0.treeLines.map { "  " + $0 } }
    }

    /// The header section (up to the empty line) and the body.
    private static func split(_ entity: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        if entity.starts(with: [0x0D, 0x0A]) { return (entity.prefix(0), entity.dropFirst(2)) }
        var index = entity.startIndex
        while index + 3 < entity.endIndex {
            if entity[index] == 0x0D && entity[index + 1] == 0x0A && entity[index + 2] == 0x0D && entity[index + 3] == 0x0A {
                return (entity[..<(index + 2)], entity[(index + 4)...])
            }
            index += 1
        }
        return (entity, entity.suffix(0))
    }

    /// The unfolded value of the first field `name` (lower case) in `headers`.
    private static func field(_ name: String, in headers: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: headers, as: UTF8.self).replacing("\r\n ", with: " ").replacing("\r\n\t", with: " ")
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name else { continue }
            return line[line.index(after: colon)...].trimmingWhitespace()
        }
        return nil
    }

    /// `type/subtype; name=value; name="quoted value"`: the value in lower case, then the parameters.
    private static func parameters(_ text: String) -> (value: String, parameters: [String: String]) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<equals].trimmingWhitespace().lowercased()
            var value = piece[piece.index(after: equals)...].trimmingWhitespace()
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            parameters[key] = value
        }
        return (pieces[0].trimmingWhitespace().lowercased(), parameters)
    }

    /// The parts between `--boundary` lines, up to `--boundary--` (RFC 2046 §5.1.1); each
    /// without the CRLF that belongs to the boundary line after it.
    private static func bodyParts(of body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A).map { $0 + 1 } ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: boundary) {
                if let start = partStart {
                    parts.append(body[start..<max(start, lineStart - 2)])
                }
                if line.dropFirst(boundary.count).starts(with: [0x2D, 0x2D]) { return parts }
                partStart = lineEnd
            }
            lineStart = lineEnd
        }
        if let start = partStart { parts.append(body[start...]) }
        return parts
    }
}
