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
        var parser = TOMLParser(bytes: Array(text.utf8))
        return try parser.document()
    }
}

/// A table while the document is read: tables stay open to later headers and dotted keys
/// until the end, so they are references; inline tables and arrays are finished values.
final class TableNode {
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

struct TOMLParser {
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
}
