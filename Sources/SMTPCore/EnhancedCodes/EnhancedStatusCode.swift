/// An enhanced mail system status code such as `5.1.1` (RFC 3463).
///
/// RFC 3463 §2 gives the grammar:
///
///     status-code = class "." subject "." detail
///     class       = "2" / "4" / "5"
///     subject     = 1*3digit
///     detail      = 1*3digit
///
/// and adds that no white space is allowed inside a code and that each number is
/// written without leading zeros. So `5.0.0` and `4.7.30` are codes, while `05.1.1`,
/// `5.01.1`, `5.1.001`, `6.1.1`, `5.1` and `5.1.1234` are not.
public struct EnhancedStatusCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    public let statusClass: Int
    /// What the status is about, 0...999 (0–7 are registered).
    public let subject: Int
    /// The particular condition within the subject, 0...999.
    public let detail: Int

    /// Parses text that is exactly one code, such as `"5.1.1"`; `nil` for anything else,
    /// including surrounding spaces or trailing text.
    public init?(_ text: some StringProtocol) {
        let bytes = text.utf8
        guard let (code, length) = Self.scan(bytes), length == bytes.count else { return nil }
        self = code
    }

    /// The same for a `String`, without generic code to run from another module (the
    /// practice server makes one for each reply it sends).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let (code, length) = Self.scan(bytes), length == bytes.count else { return nil }
        self = code
    }

    /// Makes a code from its parts, which must already be in range.
    ///
    /// For text that has not been checked (anything typed or received) use `init?(_:)`
    /// or `prefix(of:)`, which never trap.
    public init(statusClass: Int, subject: Int, detail: Int) {
        precondition(Self.validClasses.contains(statusClass), "enhanced status class must be 2, 4 or 5")
        precondition((0...999).contains(subject) && (0...999).contains(detail), "subject and detail are 0...999")
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// The enhanced code at the very start of a reply line's text (RFC 2034 §4: followed by SP or end of text), and its length in bytes.
    ///
    /// `"5.1.1 User unknown"` gives 5.1.1 and 5; `"5.1.1"` gives 5.1.1 and 5.
    /// Text where the code runs into other characters (`"5.1.1x"`, `"5.1.1234 …"`) or
    /// that starts with anything else gives `nil`: the line then simply has no code.
    public static func prefix<C: Collection>(of text: C) -> (code: EnhancedStatusCode, length: Int)? where C.Element == UInt8 {
        // A code and the byte after it fit in 12 bytes: copying them lets the scan run on
        // an array (specialised here) whatever collection a caller in another module has.
        let head = Array(text.prefix(12))
        guard let (code, length) = scan(head) else { return nil }
        guard length == head.count || head[length] == UInt8(ascii: " ") else { return nil }
        return (code, length)
    }

    /// The same for a reply line's text as the parser stores it: no copy, and no generic
    /// code to run from another module (each reply is annotated with it).
    public static func prefix(of text: [UInt8]) -> (code: EnhancedStatusCode, length: Int)? {
        text.withUnsafeBufferPointer { buffer in
            let head = UnsafeBufferPointer(rebasing: buffer.prefix(12))
            guard let (code, length) = scan(head) else { return nil }
            guard length == head.count || head[length] == UInt8(ascii: " ") else { return nil }
            return (code, length)
        }
    }

    /// The code as written on the wire, e.g. `"5.1.1"`.
    public var description: String { "\(statusClass).\(subject).\(detail)" }

    /// Orders by class, then subject, then detail.
    public static func < (lhs: EnhancedStatusCode, rhs: EnhancedStatusCode) -> Bool {
        (lhs.statusClass, lhs.subject, lhs.detail) < (rhs.statusClass, rhs.subject, rhs.detail)
    }

    private static let validClasses: Set<Int> = [2, 4, 5]

    /// Reads the longest well-formed code at the start of `bytes`, without looking past it.
    ///
    /// Reads at most 11 bytes (`5.999.999` plus one look-ahead digit per number), so
    /// it is cheap on arbitrarily long network input.
    private static func scan<C: Collection>(_ bytes: C) -> (EnhancedStatusCode, Int)? where C.Element == UInt8 {
        var index = bytes.startIndex
        guard index != bytes.endIndex else { return nil }
        let classByte = bytes[index]
        guard classByte == UInt8(ascii: "2") || classByte == UInt8(ascii: "4") || classByte == UInt8(ascii: "5") else {
            return nil
        }
        bytes.formIndex(after: &index)
        var length = 1
        guard consumeDot(bytes, &index, &length), let subject = number(bytes, &index, &length),
            consumeDot(bytes, &index, &length), let detail = number(bytes, &index, &length)
        else { return nil }
        let code = EnhancedStatusCode(statusClass: Int(classByte - UInt8(ascii: "0")), subject: subject, detail: detail)
        return (code, length)
    }

    private static func consumeDot<C: Collection>(_ bytes: C, _ index: inout C.Index, _ length: inout Int) -> Bool
    where C.Element == UInt8 {
        guard index != bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return false }
        bytes.formIndex(after: &index)
        length += 1
        return true
    }

    /// One to three digits without a leading zero (a lone `0` is fine); a fourth digit
    /// right after is left unread, so the caller sees it and rejects the code.
    private static func number<C: Collection>(_ bytes: C, _ index: inout C.Index, _ length: inout Int) -> Int?
    where C.Element == UInt8 {
        var value = 0
        var digits = 0
        while digits < 3, index != bytes.endIndex, let digit = asciiDigit(bytes[index]) {
            if digits == 1, value == 0 { return nil }  // "01", "007": a leading zero
            value = value * 10 + digit
            digits += 1
            bytes.formIndex(after: &index)
        }
        guard digits > 0 else { return nil }
        if index != bytes.endIndex, asciiDigit(bytes[index]) != nil { return nil }  // a fourth digit
        length += digits
        return value
    }

    private static func asciiDigit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
