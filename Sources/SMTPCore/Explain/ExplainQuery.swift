/// What a user asked `explain` about: a basic reply code or an enhanced status code.
///
/// Accepted forms: `550`; `5.1.1`; `X.1.1` (any class: the registry lists codes by
/// subject and detail, the class comes from the reply).
public enum ExplainQuery: Sendable, Hashable {
    /// A three-digit reply code such as 550.
    case reply(Int)
    /// An enhanced status code such as 5.1.1.
    case enhanced(EnhancedStatusCode)
    /// An enhanced status code without its class, written `X.1.1`.
    case enhancedAnyClass(subject: Int, detail: Int)

    /// Parses one argument; `nil` when it is neither form.
    public init?(_ argument: String) {
        let text = argument.trimmingSpaces()
        if text.count == 3, text.allSatisfy(\.isASCIIDigit), let code = Int(text) {
            guard ReplyCodeTable.isWellFormed(code) else { return nil }
            self = .reply(code)
            return
        }
        if let code = EnhancedStatusCode(text) {
            self = .enhanced(code)
            return
        }
        if let first = text.first, first == "X" || first == "x",
            let code = EnhancedStatusCode("5" + text.dropFirst())
        {
            self = .enhancedAnyClass(subject: code.subject, detail: code.detail)
            return
        }
        return nil
    }

    /// The error text for an argument that is not a code, naming the accepted forms.
    public static func usageError(for argument: String) -> String {
        "'\(argument)' is not a reply code (e.g. 550) or an enhanced status code (e.g. 5.1.1 or X.7.1)"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
