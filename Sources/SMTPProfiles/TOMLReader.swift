/// A TOML 1.0 document that could not be read: the line (1-based) and column where the
/// reading stopped, and what was wrong there.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Reads TOML 1.0 (https://toml.io/en/v1.0.0): every value type, dotted and quoted keys,
/// tables, arrays of tables and inline tables, with the rules against defining a key or a
/// table twice. Each key keeps the line it was defined on, which a caller needs to name
/// the line of a key it rejects.
///
/// smtpc reads its own profile file with it rather than with TOMLKit: TOMLKit exposes no
/// position for keys and values (only for syntax errors), and it links the whole of
/// Foundation, which costs every start about 8 MiB of resident memory (docs/benchmarks.md).
public enum TOMLReader {
    /// The document in `text` as its root table.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.document()
    }
}

/// A table while the document is read: tables stay open to later headers and dotted keys
/// until the end, so they are references; inline tables and arrays are finished values.
private final class TableNode {
    enum Kind {
        case root
        /// Defined by a `[header]`.
        case header
        /// Created as the parent of a header (`[a.b]` makes `a`); a later `[a]` may define it.
        case implicit
        /// Created by a dotted key (`a.b = 1` makes `a`); no header may define it later.
        case dotted
        /// One element of an array of tables (`[[a]]`).
        case arrayElement
    }

    enum Child {
        case value(TOMLValue, line: Int)
        case table(TableNode)
        case tableArray([TableNode], line: Int)
    }

    var kind: Kind
    let line: Int
    var order: [String] = []
    var children: [String: Child] = [:]

    init(kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    func set(_ key: String, _ child: Child) {
        if children[key] == nil { order.append(key) }
        children[key] = child
    }

    /// The finished table.
    var table: TOMLTable {
        var table = TOMLTable()
        for key in order {
            switch children[key]! {
            case .value(let value, let line): table.entries.append(.init(key: key, value: value, line: line))
            case .table(let node): table.entries.append(.init(key: key, value: .table(node.table), line: node.line))
            case .tableArray(let nodes, let line):
                table.entries.append(.init(key: key, value: .array(nodes.map { .table($0.table) }), line: line))
            }
        }
        return table
    }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Document

    mutating func document() throws(TOMLError) -> TOMLTable {
        let root = TableNode(kind: .root, line: 1)
        var current = root
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while true {
            skipWhitespace()
            guard let byte = peek() else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "["):
                current = try header(root: root)
            default:
                try keyValue(into: current)
            }
            try endOfLine()
        }
        return root.table
    }

    /// `[a.b]` or `[[a.b]]`: the table that the following keys go into.
    mutating func header(root: TableNode) throws(TOMLError) -> TableNode {
        let headerLine = line
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipWhitespace()
        let path = try key()
        skipWhitespace()
        try expect("]", "a ']' to close the table header")
        if isArray { try expect("]", "']]' to close the array-of-tables header") }

        var table = root
        for (position, name) in path.dropLast().enumerated() {
            table = try descend(table, into: name, path: path.prefix(position + 1), line: headerLine)
        }
        let name = path.last!
        let dotted = path.joined(separator: ".")
        switch (table.children[name], isArray) {
        case (nil, false):
            let node = TableNode(kind: .header, line: headerLine)
            table.set(name, .table(node))
            return node
        case (.table(let node)?, false) where node.kind == .implicit:
            node.kind = .header
            return node
        case (nil, true):
            let node = TableNode(kind: .arrayElement, line: headerLine)
            table.set(name, .tableArray([node], line: headerLine))
            return node
        case (.tableArray(let nodes, let line)?, true):
            let node = TableNode(kind: .arrayElement, line: headerLine)
            table.set(name, .tableArray(nodes + [node], line: line))
            return node
        case (.table?, _), (.tableArray?, false):
            throw fail("the table [\(dotted)] is defined twice", line: headerLine)
        case (.value?, _):
            throw fail("[\(dotted)] names a key that already holds a value", line: headerLine)
        }
    }

    /// The table `name` inside `table` on the way to a header's table, made if missing.
    mutating func descend(_ table: TableNode, into name: String, path: ArraySlice<String>, line: Int) throws(TOMLError)
        -> TableNode
    {
        switch table.children[name] {
        case nil:
            let node = TableNode(kind: .implicit, line: line)
            table.set(name, .table(node))
            return node
        case .table(let node)?: return node
        case .tableArray(let nodes, _)?: return nodes.last!
        case .value?:
            throw fail("\(path.joined(separator: ".")) already holds a value, so it cannot hold a table", line: line)
        }
    }

    /// `key = value`, a dotted key making the tables on its way.
    mutating func keyValue(into table: TableNode) throws(TOMLError) {
        let keyLine = line
        let path = try key()
        skipWhitespace()
        try expect("=", "'=' after the key")
        skipWhitespace()
        let value = try value()
        var target = table
        for (position, name) in path.dropLast().enumerated() {
            switch target.children[name] {
            case nil:
                let node = TableNode(kind: .dotted, line: keyLine)
                target.set(name, .table(node))
                target = node
            case .table(let node)? where node.kind == .dotted:
                target = node
            default:
                let prefix = path.prefix(position + 1).joined(separator: ".")
                throw fail("the dotted key \(path.joined(separator: ".")) would add to \(prefix), defined elsewhere", line: keyLine)
            }
        }
        let name = path.last!
        guard target.children[name] == nil else {
            throw fail("the key \(path.joined(separator: ".")) is defined twice", line: keyLine)
        }
        target.set(name, .value(value, line: keyLine))
    }

    /// What may follow a key-value pair or a header on its line: blanks and a comment.
    mutating func endOfLine() throws(TOMLError) {
        skipWhitespace()
        if peek() == UInt8(ascii: "#") { try comment() }
        guard let byte = peek() else { return }
        if byte == UInt8(ascii: "\n") {
            newline()
        } else if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") {
            index += 1
            newline()
        } else {
            throw fail("unexpected \(describe(byte)) (expected the end of the line)")
        }
    }

    mutating func comment() throws(TOMLError) {
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { return }
            if isControl(byte) { throw fail("\(describe(byte)) is not allowed in a comment") }
            index += 1
        }
    }

    // MARK: Keys

    /// A key, dotted or not: its parts.
    mutating func key() throws(TOMLError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            let saved = index
            skipWhitespace()
            guard peek() == UInt8(ascii: ".") else {
                index = saved
                return parts
            }
            index += 1
            skipWhitespace()
            parts.append(try simpleKey())
        }
    }

    mutating func simpleKey() throws(TOMLError) -> String {
        switch peek() {
        case UInt8(ascii: "\"")?: return try basicString()
        case UInt8(ascii: "'")?: return try literalString()
        default:
            let start = index
            while let byte = peek(), isBareKeyByte(byte) { index += 1 }
            guard index > start else {
                throw fail(peek().map { "\(describe($0)) cannot start a key" } ?? "a key was expected before the end")
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }

    // MARK: Values

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let byte = peek() else { throw fail("a value was expected before the end") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(starts(with: "\"\"\"") ? try multilineBasicString() : try basicString())
        case UInt8(ascii: "'"):
            return .string(starts(with: "'''") ? try multilineLiteralString() : try literalString())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        default: return try scalar()
        }
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        index += 1
        var values: [TOMLValue] = []
        while true {
            try skipBlankLinesAndComments()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(values)
            }
            values.append(try value())
            try skipBlankLinesAndComments()
            switch peek() {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "]")?:
                index += 1
                return .array(values)
            case let byte?: throw fail("unexpected \(describe(byte)) in an array (expected ',' or ']')")
            case nil: throw fail("the array is not closed with ']'")
            }
        }
    }

    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        index += 1
        let node = TableNode(kind: .dotted, line: line)
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .table(node.table)
        }
        while true {
            skipWhitespace()
            try keyValue(into: node)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "}")?:
                index += 1
                return .table(node.table)
            case let byte?: throw fail("unexpected \(describe(byte)) in an inline table (expected ',' or '}' on the same line)")
            case nil: throw fail("the inline table is not closed with '}'")
            }
        }
    }

    /// A boolean, number or date-time: one run of the characters they are made of.
    mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = index
        while let byte = peek(), isScalarByte(byte) { index += 1 }
        // A date and a time may be separated by a space: "1979-05-27 07:32:00Z".
        if index - start == 10, peek() == UInt8(ascii: " "), let next = peek(1), isDigit(next), peek(3) == UInt8(ascii: ":") {
            index += 1
            while let byte = peek(), isScalarByte(byte) { index += 1 }
        }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !token.isEmpty else { throw fail("\(describe(bytes[start])) cannot start a value") }
        if let value = TOMLScalar.value(of: token) { return value }
        index = start
        throw fail("'\(token)' is not a TOML value (a quoted string, number, true, false, date-time, array or table)")
    }

    // MARK: Strings

    mutating func basicString() throws(TOMLError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw fail("the string is not closed with '\"'") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(try escape())
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("the string is not closed on its line (use \"\"\" for several lines)")
            default:
                scalars.append(try character())
            }
        }
    }

    mutating func literalString() throws(TOMLError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw fail("the string is not closed with \"'\"") }
            switch byte {
            case UInt8(ascii: "'"):
                index += 1
                return String(scalars)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("the string is not closed on its line (use ''' for several lines)")
            default:
                scalars.append(try character())
            }
        }
    }

    mutating func multilineBasicString() throws(TOMLError) -> String { try multilineString(quote: UInt8(ascii: "\"")) }

    mutating func multilineLiteralString() throws(TOMLError) -> String { try multilineString(quote: UInt8(ascii: "'")) }

    /// `"""…"""` (with escapes and line-ending backslashes) or `'''…'''` (as written): the
    /// newline right after the opening is dropped, CRLF is read as LF.
    mutating func multilineString(quote: UInt8) throws(TOMLError) -> String {
        let escapes = quote == UInt8(ascii: "\"")
        let delimiter = String(repeating: Character(Unicode.Scalar(quote)), count: 3)
        index += 3
        skipFirstNewline()
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw fail("the string is not closed with \(delimiter)") }
            if byte == quote, starts(with: delimiter) {
                // Up to two quotes right before the closing three belong to the string.
                var quotes = 3
                while quotes < 5, peek(quotes) == quote { quotes += 1 }
                for _ in 3..<quotes { scalars.append(Unicode.Scalar(quote)) }
                index += quotes
                return String(scalars)
            }
            if escapes, byte == UInt8(ascii: "\\") {
                if !skipLineEndingBackslash() { scalars.append(try escape()) }
            } else if byte == UInt8(ascii: "\n") {
                scalars.append("\n")
                newline()
            } else if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") {
                scalars.append("\n")
                index += 1
                newline()
            } else {
                scalars.append(try character())
            }
        }
    }

    /// A backslash that ends a line (blanks may follow it) removes itself, the line end and
    /// every blank and line end after it; false when the backslash starts an escape.
    mutating func skipLineEndingBackslash() -> Bool {
        var ahead = 1
        while let next = peek(ahead), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") { ahead += 1 }
        guard let next = peek(ahead), next == UInt8(ascii: "\n") || (next == UInt8(ascii: "\r") && peek(ahead + 1) == UInt8(ascii: "\n"))
        else { return false }
        index += ahead
        while let next = peek() {
            switch next {
            case UInt8(ascii: "\n"): newline()
            case UInt8(ascii: " "), UInt8(ascii: "\t"): index += 1
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"): index += 1
            default: return true
            }
        }
        return true
    }

    mutating func skipFirstNewline() {
        if peek() == UInt8(ascii: "\n") {
            newline()
        } else if peek() == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") {
            index += 1
            newline()
        }
    }

    /// A backslash escape of a basic string.
    mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        index += 1
        guard let byte = peek() else { throw fail("the string ends inside an escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            guard index + count <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + count], as: UTF8.self), radix: 16),
                bytes[index..<index + count].allSatisfy(isHexDigit), let scalar = Unicode.Scalar(value)
            else { throw fail("\\\(Character(Unicode.Scalar(byte))) needs \(count) hex digits naming a Unicode scalar value") }
            index += count
            return scalar
        default:
            index -= 1
            throw fail("unknown escape \\\(describe(byte)); use \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX or \\UXXXXXXXX")
        }
    }

    /// One character of a string: valid UTF-8, no control character but tab.
    mutating func character() throws(TOMLError) -> Unicode.Scalar {
        let byte = bytes[index]
        if byte < 0x80 {
            if isControl(byte) { throw fail("\(describe(byte)) is not allowed in a string; escape it") }
            index += 1
            return Unicode.Scalar(byte)
        }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { throw fail("invalid UTF-8") }
        index += UTF8.width(scalar)
        return scalar
    }

    // MARK: Bytes

    func peek(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    func starts(with text: String) -> Bool { bytes[index...].starts(with: text.utf8) }

    mutating func expect(_ character: Character, _ what: String) throws(TOMLError) {
        guard peek() == character.asciiValue else {
            throw fail(peek().map { "\(what), found \(describe($0))" } ?? "\(what), found the end")
        }
        index += 1
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    /// Inside an array: blanks, newlines and comments.
    mutating func skipBlankLinesAndComments() throws(TOMLError) {
        while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "#")?: try comment()
            case UInt8(ascii: "\n")?: newline()
            case UInt8(ascii: "\r")? where peek(1) == UInt8(ascii: "\n"):
                index += 1
                newline()
            default: return
            }
        }
    }

    /// Steps over the LF under the cursor.
    mutating func newline() {
        index += 1
        line += 1
        lineStart = index
    }

    /// The error at the cursor (or at the start of `line`); keys and tokens it quotes are made visible.
    func fail(_ message: String, line: Int? = nil) -> TOMLError {
        let message = visible(message)
        if let line, line != self.line { return TOMLError(line: line, column: 1, message: message) }
        let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1
        return TOMLError(line: self.line, column: column, message: message)
    }

    func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte)
            ? "'\(Character(Unicode.Scalar(byte)))'"
            : "byte 0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }

    func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F }
    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
    func isBareKeyByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
    func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
