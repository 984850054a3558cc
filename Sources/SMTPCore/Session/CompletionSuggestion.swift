/// What TAB completion offers for the text before the cursor.
///
/// `word` is always a suffix of that text, and each candidate replaces it entirely (a
/// candidate may differ from `word` in case: `ma` → `MAIL FROM:<`). To complete, delete
/// `word` before the cursor (`word.unicodeScalars.count` characters for libedit's wide
/// API) and insert `replacement`; when `replacement` is `nil`, list `candidates`.
public struct CompletionSuggestion: Sendable, Hashable {
    /// The text being completed: the end of the line before the cursor.
    public let word: String
    /// Every candidate, best first (for verbs: the ones valid in this state first).
    public let candidates: [String]
    /// What to put in place of `word`: the unique candidate (with a space after a verb
    /// that takes an argument, `>` after an address), or the longest common prefix of the
    /// candidates when it is longer than `word`; `nil` when there is nothing to insert.
    public let replacement: String?

    /// Nothing to complete.
    public static let none = CompletionSuggestion(word: "", candidates: [], replacement: nil)

    /// A completion of `word` by candidates; `suffix` follows a unique candidate.
    init(word: String, candidates: [String], suffix: (String) -> String = { _ in "" }) {
        var seen = Set<String>()
        let unique = candidates.filter { seen.insert($0).inserted }
        self.word = word
        self.candidates = unique
        if unique.count == 1 {
            replacement = unique[0] + suffix(unique[0])
        } else {
            let prefix = Self.longestCommonPrefix(unique)
            replacement = prefix.count > word.count ? prefix : nil
        }
    }

    private init(word: String, candidates: [String], replacement: String?) {
        self.word = word
        self.candidates = candidates
        self.replacement = replacement
    }

    /// The longest common prefix of the strings, comparing ASCII letters without case;
    /// the characters are taken from the first string. Empty for no strings.
    public static func longestCommonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for string in strings.dropFirst() {
            let characters = Array(string)
            var length = 0
            while length < min(prefix.count, characters.count)
                && sameIgnoringCase(prefix[length], characters[length])
            {
                length += 1
            }
            prefix.removeSubrange(length...)
        }
        return String(prefix)
    }

    /// `true` when the characters are equal, ASCII letters compared without case.
    private static func sameIgnoringCase(_ a: Character, _ b: Character) -> Bool {
        a == b || (a.isASCII && b.isASCII && a.lowercased() == b.lowercased())
    }

    /// `true` when `candidate` starts with `word`, ASCII letters compared without case.
    static func matches(_ candidate: String, _ word: some StringProtocol) -> Bool {
        ASCII.hasPrefix(candidate, word)
    }
}
