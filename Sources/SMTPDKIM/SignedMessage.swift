/// A message split for signing: its header fields, in order, and where its body begins.
///
/// The message is as built, CRLF line ends and not dot-stuffed. The header section ends at the
/// first empty line; a message without one is all header and an empty body.
struct SignedMessage {
    /// One header field exactly as it appears, folding and final CRLF included.
    struct Field {
        /// The field name in lower case, for matching `h=` names.
        let name: String
        let bytes: ArraySlice<UInt8>
    }

    let fields: [Field]
    let body: ArraySlice<UInt8>

    init(_ message: [UInt8]) {
        var fields: [Field] = []
        var fieldStart = message.startIndex
        var lineStart = message.startIndex
        var headerEnd = message.endIndex
        // The field that began at `fieldStart` ends before `end`.
        func closeField(at end: Int) {
            guard fieldStart < end else { return }
            let bytes = message[fieldStart..<end]
            let nameEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? end
            var name = bytes[fieldStart..<nameEnd]
            while let last = name.last, last.isDKIMWhitespace { name = name.dropLast() }
            fields.append(Field(name: String(decoding: name, as: UTF8.self).lowercased(), bytes: bytes))
        }
        while lineStart < message.endIndex {
            var lineEnd = lineStart
            while lineEnd + 1 < message.endIndex, !(message[lineEnd] == 0x0D && message[lineEnd + 1] == 0x0A) {
                lineEnd += 1
            }
            let isLast = lineEnd + 1 >= message.endIndex
            if lineEnd == lineStart && !isLast {
                headerEnd = lineStart
                break
            }
            if !message[lineStart].isDKIMWhitespace {
                closeField(at: lineStart)
                fieldStart = lineStart
            }
            lineStart = isLast ? message.endIndex : lineEnd + 2
        }
        closeField(at: headerEnd)
        self.fields = fields
        self.body = message[min(headerEnd + 2, message.endIndex)...]
    }

    /// The fields `names` select, as RFC 6376 §5.4.2 says: for each name, the last field of that
    /// name not yet taken, so that a name listed twice takes the last two, bottom up. A name with
    /// no field left selects nothing (which is what makes oversigning work).
    func fields(named names: [String]) -> [Field] {
        var taken: [String: Int] = [:]
        var selected: [Field] = []
        for name in names.map({ $0.lowercased() }) {
            let matching = fields.filter { $0.name == name }
            let count = taken[name, default: 0]
            guard count < matching.count else { continue }
            selected.append(matching[matching.count - 1 - count])
            taken[name] = count + 1
        }
        return selected
    }

    /// How many fields have the name (any case).
    func count(of name: String) -> Int {
        let name = name.lowercased()
        return fields.count { $0.name == name }
    }
}
