/// The built-in table of basic SMTP reply codes, and meanings for codes not in it.
///
/// The rows live in one file per reply class (`ReplyCodes2xx.swift` …); this type joins
/// them, sorts them and answers look-ups. A code the table does not know still gets a
/// meaning from its digits (`derivedMeaning(of:)`), because RFC 5321 §4.2 tells clients
/// to be prepared for codes no document lists.
public enum ReplyCodeTable {
    /// Every row, sorted by code, each code once.
    public static let all: [ReplyCodeInfo] =
        (positiveCompletion + positiveIntermediate + transientNegative + permanentNegative)
        .sorted { $0.code < $1.code }

    /// The rows by code. Built without trapping on a duplicate (the first row wins);
    /// the tests make sure there is none.
    private static let byCode: [Int: ReplyCodeInfo] =
        Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The table row for `code`, or `nil` when the table does not list it.
    public static func info(for code: Int) -> ReplyCodeInfo? {
        byCode[code]
    }

    /// The meaning of `code` as a reply to the command described by `context`.
    ///
    /// For a code in the table the summary is its meaning in that context when the
    /// table has one, otherwise its description. For any other code the meaning is
    /// derived from its digits.
    public static func meaning(of code: Int, after context: ReplyContext? = nil) -> ReplyMeaning {
        guard let info = byCode[code] else {
            return derivedMeaning(of: code)
        }
        let specific = context.flatMap { info.meaning(after: $0) }
        return ReplyMeaning(
            code: code,
            summary: specific ?? info.description,
            description: info.description,
            explanation: info.explanation,
            references: info.references,
            isDerived: false
        )
    }

    /// Whether `code` has the shape RFC 5321 gives a reply code.
    ///
    /// The rule is the grammar of RFC 5321 §4.2, `Reply-code = %x32-35 %x30-35 %x30-39`:
    /// three digits, the first 2–5 (the four reply classes of §4.2.1), the second 0–5
    /// (the six categories of §4.2.1), the third any digit. So 200–599 with a second
    /// digit of at most 5; 260, 199 and 600 are not well-formed.
    public static func isWellFormed(_ code: Int) -> Bool {
        guard (200...599).contains(code) else { return false }
        return (code / 10) % 10 <= 5
    }
}
