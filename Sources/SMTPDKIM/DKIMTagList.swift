/// A DKIM tag list (RFC 6376 §3.2): `name=value` pairs separated by semicolons, with folding
/// whitespace allowed around names, values and the `=`; as the DKIM-Signature field and the
/// key record have them.
struct DKIMTagList {
    /// One tag: its name, its value without the whitespace around it, and where the value
    /// (with that whitespace) sits in the text parsed, for taking `b=` out of the hashed field.
    struct Tag {
        let name: String
        let value: String
        let valueRange: Range<Int>
    }

    let tags: [Tag]

    /// The text is not a tag list: the reason, as a verifier reports it.
    struct Malformed: Error {
        let reason: String
    }

    /// The tags of `text` (the bytes after a field's colon, or a TXT record's text).
    init(_ text: ArraySlice<UInt8>) throws(Malformed) {
        var tags: [Tag] = []
        var start = text.startIndex
        while start <= text.endIndex {
            let end = text[start...].firstIndex(of: UInt8(ascii: ";")) ?? text.endIndex
            let segment = text[start..<end]
            if segment.allSatisfy(\.isFoldingWhitespace) {
                // Only the last tag may be followed by a semicolon and nothing else.
                guard end == text.endIndex, !tags.isEmpty else { throw Malformed(reason: "an empty tag") }
                break
            }
            guard let equals = segment.firstIndex(of: UInt8(ascii: "=")) else {
                throw Malformed(reason: "'\(Self.text(segment))' is not name=value")
            }
            let name = Self.text(segment[..<equals])
            guard let first = name.utf8.first, (0x61...0x7A).contains(first | 0x20),
                name.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0 | 0x20) || $0 == 0x5F })
            else { throw Malformed(reason: "'\(name)' is not a tag name") }
            guard !tags.contains(where: { $0.name == name }) else { throw Malformed(reason: "the tag \(name)= appears twice") }
            let value = segment[(equals + 1)...]
            tags.append(Tag(name: name, value: Self.text(value), valueRange: value.startIndex..<value.endIndex))
            start = end + 1
        }
        self.tags = tags
    }

    /// The value of the tag `name`, or nil when it is absent.
    subscript(name: String) -> String? { tags.first { $0.name == name }?.value }

    /// The bytes as text without the folding whitespace around them.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.drop(while: \.isFoldingWhitespace).reversed().drop(while: \.isFoldingWhitespace).reversed()
        return String(decoding: trimmed, as: UTF8.self)
    }

    /// A value with all its folding whitespace taken out, as base64 values are read (`b=`,
    /// `bh=`, `p=`) and `h=`'s names are.
    static func compact(_ value: String) -> String {
        String(decoding: value.utf8.filter { !$0.isFoldingWhitespace }, as: UTF8.self)
    }
}

extension UInt8 {
    /// Space, tab, CR or LF: what folding whitespace (RFC 5322 §3.2.2) is made of.
    var isFoldingWhitespace: Bool { isDKIMWhitespace || self == 0x0D || self == 0x0A }
}
