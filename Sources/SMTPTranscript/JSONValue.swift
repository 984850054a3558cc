/// A value in a flat JSON object: what a transcript line holds.
enum JSONValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// The value as JSON text.
    var encoded: String {
        switch self {
        case .string(let text): JSONString.quote(text)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }
}

/// Reads one JSON object whose values are strings, numbers, booleans or null (RFC 8259),
/// strictly: anything else, a duplicate key, or trailing text is an error with its column.
/// Transcript lines are flat, so nesting is refused rather than skipped.
struct FlatJSONParser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The object's members in order.
    static func parse(_ text: String) throws(JSONSyntaxError) -> [(String, JSONValue)] {
        var parser = FlatJSONParser(text)
        return try parser.object()
    }

    private mutating func object() throws(JSONSyntaxError) -> [(String, JSONValue)] {
        skipSpace()
        try expect(UInt8(ascii: "{"), "an object ('{')")
        var members: [(String, JSONValue)] = []
        var seen = Set<String>()
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw error("a member name in quotes") }
                let key = try string()
                guard seen.insert(key).inserted else { throw error("no second \"\(key)\"") }
                skipSpace()
                try expect(UInt8(ascii: ":"), "':'")
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                break
            }
        }
        skipSpace()
        guard index == bytes.count else { throw error("the end of the line after the object") }
        return members
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard let next = peek else { throw error("a value") }
        switch next {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "{"), UInt8(ascii: "["): throw error("a string, number, true, false or null (nothing nested)")
        default: throw error("a value")
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1  // the opening quote
        var out: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("the closing quote of a string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw error("valid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = peek else { throw error("an escape after '\\'") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("the low half of a surrogate pair")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("the low half of a surrogate pair") }
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("a Unicode scalar, not a lone surrogate") }
                    out += Array(String(Character(unicode)).utf8)
                default: throw error("a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
                }
            case 0x00..<0x20: throw error("no raw control character in a string")
            default: out.append(byte)
            }
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else { throw error("four hex digits after \\u") }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        let allowed = Set("0123456789.eE+-".utf8)
        while let byte = peek, allowed.contains(byte) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("a number", at: start) }
        return value
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error(word)
        }
        index += expected.count
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard peek == byte else { throw error(what) }
        index += 1
    }

    private func error(_ expected: String, at position: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(column: (position ?? index) + 1, expected: expected, atEnd: (position ?? index) >= bytes.count)
    }
}

/// Where a line stopped being the JSON the reader expects.
struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    let column: Int
    let expected: String
    let atEnd: Bool
    var description: String {
        "invalid JSON at column \(column): expected \(expected)\(atEnd ? " (the line ends there)" : "")"
    }
}
