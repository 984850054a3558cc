/// Booleans, integers, floats and date-times, from the run of characters they are written as.
enum TOMLScalar {
    /// The value `token` writes, or nil when it is none of them.
    static func value(of token: String) -> TOMLValue? {
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let integer = integer(token) { return .integer(integer) }
        if let float = float(token) { return .float(float) }
        if isDateTime(token) { return .datetime(token) }
        return nil
    }

    /// Decimal (with a sign, no leading zero), or `0x`, `0o`, `0b` (no sign); `_` only between digits.
    static func integer(_ token: String) -> Int64? {
        let bytes = Array(token.utf8)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = Array(bytes.dropFirst(2))
            guard underscoresBetweenDigits(digits, radix: radix) else { return nil }
            return Int64(String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self), radix: radix)
        }
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard underscoresBetweenDigits(Array(digits), radix: 10), digits.first != UInt8(ascii: "0") || digits.count == 1 else {
            return nil
        }
        return Int64(String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// An integer part, then a fraction, an exponent or both.
    static func float(_ token: String) -> Double? {
        let bytes = Array(token.utf8)
        var rest = bytes[...]
        if let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let exponentAt = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = exponentAt.map { rest[..<$0] } ?? rest
        let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = Array(dot.map { mantissa[..<$0] } ?? mantissa)
        guard underscoresBetweenDigits(integerPart, radix: 10), integerPart.first != UInt8(ascii: "0") || integerPart.count == 1 else {
            return nil
        }
        if let dot, !underscoresBetweenDigits(Array(mantissa[(dot + 1)...]), radix: 10) { return nil }
        if let exponentAt {
            var exponent = rest[(exponentAt + 1)...]
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
            guard underscoresBetweenDigits(Array(exponent), radix: 10) else { return nil }
        }
        guard dot != nil || exponentAt != nil else { return nil }
        return Double(String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// Digits of `radix`, at least one, with single `_` only between two digits.
    static func underscoresBetweenDigits(_ bytes: [UInt8], radix: Int) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_") else {
            return false
        }
        var previousWasUnderscore = false
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
                continue
            }
            previousWasUnderscore = false
            guard let digit = Int(String(UnicodeScalar(byte)), radix: 16), digit < radix else { return false }
        }
        return true
    }

    /// RFC 3339 date-times as TOML takes them: `1979-05-27T07:32:00Z`, `…-07:00`, local
    /// date-times, dates and times (`T`, `t` or a space between date and time).
    static func isDateTime(_ token: String) -> Bool {
        let text = Array(token.utf8)
        var index = 0
        func digits(_ count: Int, max: Int) -> Bool {
            guard index + count <= text.count, text[index..<index + count].allSatisfy({ (48...57).contains($0) }),
                let value = Int(String(decoding: text[index..<index + count], as: UTF8.self)), value <= max
            else { return false }
            index += count
            return true
        }
        func literal(_ character: UInt8) -> Bool {
            guard index < text.count, text[index] == character else { return false }
            index += 1
            return true
        }
        func time() -> Bool {
            guard digits(2, max: 23), literal(58), digits(2, max: 59), literal(58), digits(2, max: 60) else { return false }
            if index < text.count, text[index] == UInt8(ascii: ".") {
                index += 1
                let start = index
                while index < text.count, (48...57).contains(text[index]) { index += 1 }
                if index == start { return false }
            }
            return true
        }
        if text.count >= 3, text[2] == UInt8(ascii: ":") { return time() && index == text.count }
        guard digits(4, max: 9999), literal(45), digits(2, max: 12), literal(45), digits(2, max: 31) else { return false }
        if index == text.count { return true }
        guard literal(UInt8(ascii: "T")) || literal(UInt8(ascii: "t")) || literal(UInt8(ascii: " ")), time() else { return false }
        if index == text.count || literal(UInt8(ascii: "Z")) || literal(UInt8(ascii: "z")) { return index == text.count }
        guard literal(UInt8(ascii: "+")) || literal(UInt8(ascii: "-")), digits(2, max: 23), literal(58), digits(2, max: 59) else {
            return false
        }
        return index == text.count
    }
}
