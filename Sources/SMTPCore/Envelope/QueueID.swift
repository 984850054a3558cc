/// The identifier a server gave the accepted message, read from the final reply to DATA
/// or BDAT LAST, so the message can be found in that server's logs.
///
/// Only the formats of well-known servers are recognised; any other reply has none.
public struct QueueID: Sendable, Hashable {
    /// The server software whose reply format named the ID.
    public enum Format: String, Sendable, CaseIterable {
        /// `250 2.0.0 Ok: queued as 4XyZ123abc`: the word after "queued as".
        case postfix
        /// `250 OK id=1abcDe-000AbC-1x` (or the 4.97+ `id=1abcDe-000000AbC-1xYz`).
        case exim
        /// `250 2.0.0 OK  1700000000 d2e1…pfb.123 - gsmtp`: the word before "- gsmtp".
        case gmail
        /// `250 2.6.0 <msgid@host> [InternalId=12345, Hostname=…] … Queued mail for delivery`.
        ///
        /// The ID is the InternalId: the server's own number for the message (message
        /// tracking's InternalMessageId), where the `<…>` is only the message's Message-ID,
        /// which the sender already knows. Without an InternalId (older Exchange), the
        /// Message-ID in brackets is the only identifier given, and is taken.
        case microsoft
        /// `250 2.0.0 3B7Hn1Zx012345 Message accepted for delivery`: the word before the text.
        case sendmail
    }

    /// Which format named it.
    public let format: Format
    /// The ID as the server wrote it.
    public let value: String

    public init(format: Format, value: String) {
        self.format = format
        self.value = value
    }

    /// The queue ID named by a positive final reply; nil for a negative reply or one
    /// in no known format.
    public init?(finalReply reply: Reply) {
        guard reply.replyClass == 2 else { return nil }
        for line in reply.lines {
            if let found = QueueID(replyText: line.textString) {
                self = found
                return
            }
        }
        return nil
    }

    /// The queue ID in one line of reply text (after the code), trying each format in
    /// turn; nil when none matches.
    public init?(replyText text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        for (format, find) in Self.recognisers {
            if let value = find(words) {
                self.init(format: format, value: String(value))
                return
            }
        }
        return nil
    }

    /// For each format, how to find its ID among the words of a reply line.
    private static let recognisers: [(Format, @Sendable ([Substring]) -> Substring?)] = [
        (.postfix, { words in word(after: ["queued", "as"], in: words).flatMap { isAlphanumeric($0) ? $0 : nil } }),
        (
            .exim,
            { words in
                words.lazy.compactMap { dropping("id=", from: $0) }
                    .first { $0.contains("-") && $0.allSatisfy { $0 == "-" || isAlphanumeric($0) } }
            }
        ),
        (
            .gmail,
            { words in
                guard words.suffix(2).elementsEqual(["-", "gsmtp"]), let id = words.dropLast(2).last else { return nil }
                return id.allSatisfy { $0 == "-" || $0 == "." || isAlphanumeric($0) } ? id : nil
            }
        ),
        (
            .microsoft,
            { words in
                guard word(before: ["Queued", "mail", "for", "delivery"], in: words) != nil else { return nil }
                if let internalID = words.lazy.compactMap({ dropping("[InternalId=", from: $0) }).first {
                    let digits = internalID.prefix { $0.isASCII && $0.isNumber }
                    return digits.isEmpty ? nil : digits
                }
                return words.first { $0.hasPrefix("<") && $0.hasSuffix(">") && $0.count > 2 }
            }
        ),
        (
            .sendmail,
            { words in
                let id = word(before: ["Message", "accepted", "for", "delivery"], in: words)
                return id.flatMap { isAlphanumeric($0) && $0.contains { $0.isASCII && $0.isNumber } ? $0 : nil }
            }
        ),
    ]

    /// The word right after `phrase` (compared without regard to ASCII case).
    private static func word(after phrase: [String], in words: [Substring]) -> Substring? {
        guard words.count > phrase.count else { return nil }
        for start in 0..<(words.count - phrase.count) where matches(words[start..<start + phrase.count], phrase) {
            return words[start + phrase.count]
        }
        return nil
    }

    /// The word right before `phrase` (compared without regard to ASCII case), which may
    /// be followed by other words.
    private static func word(before phrase: [String], in words: [Substring]) -> Substring? {
        guard words.count > phrase.count else { return nil }
        for start in 1...(words.count - phrase.count) where matches(words[start..<start + phrase.count], phrase) {
            return words[start - 1]
        }
        return nil
    }

    private static func matches(_ words: ArraySlice<Substring>, _ phrase: [String]) -> Bool {
        zip(words, phrase).allSatisfy { ASCII.uppercased($0) == ASCII.uppercased($1) }
    }

    /// The word without `prefix` when it starts with it and has more after it.
    private static func dropping(_ prefix: String, from word: Substring) -> Substring? {
        word.hasPrefix(prefix) && word.count > prefix.count ? word.dropFirst(prefix.count) : nil
    }

    /// Whether the text is all ASCII letters and digits (and not empty).
    private static func isAlphanumeric(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy(isAlphanumeric)
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}
