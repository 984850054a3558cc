/// Meanings for codes the table does not list, read from their digits.
///
/// RFC 5321 §4.2.1: the first digit is the class of the reply, the second its category,
/// the third a finer grade nobody can interpret without a definition. §4.2 tells a client
/// that meets an unknown code to act on its first digit alone, which is what these
/// meanings say, and they say plainly that they were derived rather than looked up.
extension ReplyCodeTable {
    /// The meaning of `code` from its digits alone, whether or not the table lists it.
    public static func derivedMeaning(of code: Int) -> ReplyMeaning {
        guard (100...999).contains(code) else {
            return derived(
                code,
                description: "Not a three-digit reply code",
                explanation: "RFC 5321 §4.2 says every reply starts with a three-digit code, "
                    + "and \(code) is not one, so it carries no meaning. "
                    + "The server is not speaking SMTP correctly; treat the reply as a protocol error.",
                references: ["RFC 5321 §4.2"]
            )
        }
        let first = code / 100
        let second = (code / 10) % 10
        guard let replyClass = ReplyClass(rawValue: first) else {
            return derived(
                code,
                description: "Not a valid reply class: first digit \(first)",
                explanation: unknownClassExplanation(first),
                references: ["RFC 5321 §4.2", "RFC 5321 §4.2.1"]
            )
        }
        let classSentence =
            "smtpc's table does not list \(code), so this meaning is derived from its digits "
            + "(RFC 5321 §4.2.1): the first digit \(first) marks a \(replyClass.name) reply, "
            + "meaning \(replyClass.advice)."
        guard let category = ReplyCategory(rawValue: second) else {
            return derived(
                code,
                description: "Not in the table; from its digits: \(replyClass.name), unknown category \(second)",
                explanation: classSentence
                    + " The second digit \(second) is not a category RFC 5321 defines (only 0 to 5 are), "
                    + "so the code is malformed; rely on the first digit and the reply text.",
                references: ["RFC 5321 §4.2", "RFC 5321 §4.2.1"]
            )
        }
        return derived(
            code,
            description: "Not in the table; from its digits: \(replyClass.name), category \(category.name)",
            explanation: classSentence
                + " The second digit \(second) is the category \(category.name): \(category.scope); "
                + "read the reply text for the details.",
            references: ["RFC 5321 §4.2.1"]
        )
    }

    /// A derived meaning: the summary is the description, and `isDerived` is set.
    private static func derived(
        _ code: Int, description: String, explanation: String, references: [String]
    ) -> ReplyMeaning {
        ReplyMeaning(
            code: code,
            summary: description,
            description: description,
            explanation: explanation,
            references: references,
            isDerived: true
        )
    }

    /// Why a first digit outside 2–5 is meaningless in SMTP.
    private static func unknownClassExplanation(_ first: Int) -> String {
        let origin =
            first == 1
            ? "1yz (positive preliminary) belongs to FTP's reply model and is not part of SMTP's; "
            : "RFC 5321 only defines the first digits 2 to 5; "
        return origin
            + "without a negotiated extension a server must not send it. "
            + "RFC 5321 §4.2 says a client should normally treat such a code as a fatal error "
            + "and end the mail transaction."
    }
}

/// The first digit of a reply code (RFC 5321 §4.2.1).
private enum ReplyClass: Int {
    case positiveCompletion = 2
    case positiveIntermediate = 3
    case transientNegative = 4
    case permanentNegative = 5

    /// The class's name as RFC 5321 gives it, in lower case.
    var name: String {
        switch self {
        case .positiveCompletion: "positive completion"
        case .positiveIntermediate: "positive intermediate"
        case .transientNegative: "transient negative completion"
        case .permanentNegative: "permanent negative completion"
        }
    }

    /// What a client should make of a reply of this class.
    var advice: String {
        switch self {
        case .positiveCompletion:
            "the server did what was asked and a new command may follow"
        case .positiveIntermediate:
            "the server accepted the command and waits for more input before acting"
        case .transientNegative:
            "the request failed for now and the same command may succeed if repeated later"
        case .permanentNegative:
            "the request failed and should not be repeated unchanged"
        }
    }
}

/// The second digit of a reply code (RFC 5321 §4.2.1).
private enum ReplyCategory: Int {
    case syntax = 0
    case information = 1
    case connections = 2
    case unspecified3 = 3
    case unspecified4 = 4
    case mailSystem = 5

    /// The category's name as RFC 5321 gives it, in lower case.
    var name: String {
        switch self {
        case .syntax: "syntax"
        case .information: "information"
        case .connections: "connections"
        case .unspecified3, .unspecified4: "unspecified"
        case .mailSystem: "mail system"
        }
    }

    /// What replies in this category are about.
    var scope: String {
        switch self {
        case .syntax: "syntax errors, and commands that are unimplemented or out of place"
        case .information: "answers to requests for information such as status or help"
        case .connections: "the state of the transmission channel"
        case .unspecified3, .unspecified4: "RFC 5321 leaves this category unspecified"
        case .mailSystem: "the state of the receiving mail system for the requested action"
        }
    }
}
