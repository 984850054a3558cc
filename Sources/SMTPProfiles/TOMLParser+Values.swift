/// Keys, values and strings (TOML 1.0: toml.io/en/v1.0.0).
extension TOMLParser {
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
}
