/// One row of the built-in table of basic SMTP reply codes.
///
/// `description` is a one-line name for the code. For the 24 rows of the reference page
/// the product grew from it is kept verbatim (British spelling, quirks and all), even
/// where RFC 5321 words it differently; the RFC's meaning then goes into `explanation`.
public struct ReplyCodeInfo: Sendable, Hashable {
    /// The three-digit code, e.g. `550`.
    public let code: Int
    /// A one-line description.
    public let description: String
    /// What the code means and what to do next, in our own words (1–3 sentences).
    public let explanation: String
    /// Where the code is defined, most specific section first, e.g. `["RFC 5321 §4.2.2"]`.
    public let references: [String]
    /// The meaning after a particular command, only where it differs from `description`, in
    /// the order the table gives them. A list, not a dictionary: a dictionary keyed by
    /// `ReplyContext` made the runtime scan every conformance record of the binary for
    /// `ReplyContext: Hashable` the first time the table was read, in every session
    /// (docs/benchmarks.md, "The runtime's first questions, fewer").
    public let contextMeanings: [ContextMeaning]
    /// `true` for the 24 rows taken from the reference page.
    public let isFromReferencePage: Bool

    /// Builds a row; `seed: true` marks a row copied from the reference page.
    init(
        _ code: Int,
        _ description: String,
        seed: Bool = false,
        explanation: String,
        references: [String],
        contexts: KeyValuePairs<ReplyContext, String> = [:]
    ) {
        self.code = code
        self.description = description
        self.explanation = explanation
        self.references = references
        self.contextMeanings = contexts.map { ContextMeaning(context: $0.key, text: $0.value) }
        self.isFromReferencePage = seed
    }

    /// The meaning after the command `context` describes, when the table has one.
    public func meaning(after context: ReplyContext) -> String? {
        for entry in contextMeanings where entry.context == context { return entry.text }
        return nil
    }

    /// The meanings in context as a dictionary (for callers that want one; the console's
    /// path reads ``meaning(after:)``).
    public var contexts: [ReplyContext: String] {
        Dictionary(uniqueKeysWithValues: contextMeanings.map { ($0.context, $0.text) })
    }

    /// What a code means after one command.
    public struct ContextMeaning: Sendable, Hashable {
        public let context: ReplyContext
        public let text: String
    }
}

/// The meaning of a reply code as the console shows it: from the table, or from its digits.
public struct ReplyMeaning: Sendable, Hashable {
    /// The code this meaning is for.
    public let code: Int
    /// The meaning after the command that was sent, if the table has one; else `description`.
    public let summary: String
    /// The code's one-line description.
    public let description: String
    /// What it means and what to do next.
    public let explanation: String
    /// Where the code (or, for a derived meaning, the digit scheme) is defined.
    public let references: [String]
    /// `true` when the code is not in the table and the meaning comes from its digits.
    public let isDerived: Bool
}
