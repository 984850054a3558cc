import SMTPCore

/// The formats a transcript can be written in, chosen from the file's extension.
public enum TranscriptFormat: String, Sendable, CaseIterable {
    /// The reference page's format: `CLIENT: `, `SMTPD: `, `--- ` lines.
    case text
    /// JSON Lines: one object per line with time, direction and text.
    case jsonLines

    /// `.jsonl` means JSON Lines; anything else is text.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".jsonl") ? .jsonLines : .text
    }

    /// The placeholder written instead of a secret line's bytes.
    public static let redacted = "[redacted]"

    /// One entry as one line of this format, with its newline. With `timestamps`, a text
    /// line starts with its time (JSON Lines always carries it).
    public func line(for entry: TranscriptEntry, keepSecrets: Bool, timestamps: Bool = false) -> String {
        let text = entry.isSecret && !keepSecrets ? (entry.redactedText ?? TranscriptFormat.redacted) : VisibleBytes.escape(entry.bytes)
        switch self {
        case .text:
            let time = timestamps ? ISOTime.format(entry.timestamp) + " " : ""
            switch entry.direction {
            case .client: return "\(time)CLIENT: \(text)\n"
            case .server: return "\(time)SMTPD: \(text)\n"
            case .event: return "\(time)--- \(text)\n"
            }
        case .jsonLines:
            var members: [(String, JSONValue)] = [
                ("time", .string(ISOTime.format(entry.timestamp))), ("direction", .string(entry.direction.rawValue)),
                ("text", .string(text)),
            ]
            if entry.isSecret { members.append(("redacted", .bool(!keepSecrets))) }
            if let event = entry.event { members += [("event", .string(event.kind))] + event.fields }
            return "{" + members.map { "\(JSONString.quote($0.0)):\($0.1.encoded)" }.joined(separator: ",") + "}\n"
        }
    }

    /// The start of a line that arrives in pieces (a server line longer than the reply
    /// parser holds): everything before the escaped text.
    func pieceStart(for entry: TranscriptEntry, timestamps: Bool) -> String {
        switch self {
        case .text:
            let empty = TranscriptEntry(direction: entry.direction, bytes: [], timestamp: entry.timestamp)
            return String(line(for: empty, keepSecrets: true, timestamps: timestamps).dropLast())
        case .jsonLines:
            let time = JSONString.quote(ISOTime.format(entry.timestamp))
            return "{\"time\":\(time),\"direction\":\(JSONString.quote(entry.direction.rawValue)),\"text\":\""
        }
    }

    /// Bytes of a line that arrives in pieces, escaped as a whole line's are.
    func pieceText(_ bytes: [UInt8]) -> String {
        switch self {
        case .text: VisibleBytes.escape(bytes)
        case .jsonLines: String(JSONString.quote(VisibleBytes.escape(bytes)).dropFirst().dropLast())
        }
    }

    /// What ends a line that arrived in pieces, with its newline.
    var pieceEnd: String {
        switch self {
        case .text: "\n"
        case .jsonLines: "\"}\n"
        }
    }

    /// The header line of this format, with its newline.
    public func line(for header: TranscriptHeader) -> String {
        switch self {
        case .text: header.textLine
        case .jsonLines: header.jsonLine
        }
    }
}

/// Escapes bytes so that a transcript line stays one printable line.
///
/// Control characters, backslashes and invalid UTF-8 are written as `\r`, `\n`, `\t`,
/// `\\` and `\xHH`, the same escapes `/raw` accepts, so a transcript can be replayed.
enum VisibleBytes {
    static func escape(_ bytes: [UInt8]) -> String {
        // Most lines are printable ASCII without a backslash: nothing to escape.
        if bytes.allSatisfy({ (0x20..<0x7F).contains($0) && $0 != 0x5C }) { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0D:
                out += "\\r"
                index += 1
            case 0x0A:
                out += "\\n"
                index += 1
            case 0x09:
                out += "\\t"
                index += 1
            case 0x5C:
                out += "\\\\"
                index += 1
            case 0x20..<0x7F:
                out.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
            case 0x00..<0x20, 0x7F:
                out += hex(byte)
                index += 1
            default:
                if let (scalar, length) = decodeScalar(bytes, at: index), scalar.value >= 0xA0 {
                    out.unicodeScalars.append(scalar)
                    index += length
                } else {
                    out += hex(byte)
                    index += 1
                }
            }
        }
        return out
    }

    /// The bytes an escaped line stands for: the inverse of ``escape(_:)``, which writes
    /// exactly the escapes `/raw` accepts, so one decoder serves both.
    /// How many bytes at the end of `bytes` begin a UTF-8 sequence that is not complete
    /// yet (0 to 3): a line written in pieces holds them back for the next piece, so a
    /// character split between two reads is written as the character, not as `\xHH`.
    static func incompleteSuffixLength(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        for back in 1...min(3, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }
            guard byte >= 0xC2, byte <= 0xF4 else { return 0 }
            let needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            return needed > back ? back : 0
        }
        return 0
    }

    static func unescape(_ text: String) throws(TranscriptSyntax) -> [UInt8] {
        do {
            return try RawEscapes.decode(text)
        } catch {
            throw TranscriptSyntax(error.description)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
    }

    /// Decodes one UTF-8 scalar starting at `index`, or nil if the bytes are not valid UTF-8 there.
    private static func decodeScalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            return (scalar, UTF8.width(scalar))
        case .emptyInput, .error:
            return nil
        }
    }
}
