/// Something the server sent that could not be made into a reply, reported as data.
///
/// The parser never throws or crashes on network input: it hands this value back as a
/// ``ReplyParser/Event/error(_:)`` and carries on at the next line. Nothing is silently
/// lost: the offending line's first bytes and every well-formed line of the reply it had
/// to abandon travel with the error, so the console can still show them.
public struct ReplyParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// The line does not start with three digits (this includes an empty line).
        case missingCode
        /// Three digits that are not an RFC 5321 reply code (`199`, `600`, `260`).
        case invalidCode
        /// The code is followed by something other than a space, a hyphen or the line end.
        case invalidSeparator
        /// A line of a multi-line reply carries a different code than the lines before it.
        /// The abandoned lines are the earlier ones; the offending line starts a new reply.
        case codeChangedMidReply
        /// A line grew past ``ReplyParser/Limits/maxLineLength``; the rest of it, up to its
        /// LF, follows as ``ReplyParser/Event/overflow(_:)`` pieces (for a transcript), never
        /// read as a reply.
        case lineTooLong
        /// A multi-line reply grew past ``ReplyParser/Limits/maxLinesPerReply``. The abandoned
        /// lines are the ones up to the limit; the offending line starts a new reply.
        case tooManyLines
        /// The input ended (connection closed) in the middle of a line or of a multi-line reply.
        case unfinishedAtClose
    }

    /// How many bytes of the offending line ``excerpt`` shows (and the message quotes).
    public static let lineExcerptLimit = 200

    /// What went wrong.
    public let kind: Kind
    /// The offending line as received, without its terminator — all of it, so that a
    /// transcript keeps every byte (a line past ``ReplyParser/Limits/maxLineLength``: the
    /// part the parser held); empty when the input ended exactly at a line boundary.
    public let line: [UInt8]
    /// The first bytes (at most ``lineExcerptLimit``) of ``line``, for the screen.
    public var excerpt: ArraySlice<UInt8> { line.prefix(Self.lineExcerptLimit) }
    /// The full length of the offending line, which may exceed `line.count`; for
    /// ``Kind/lineTooLong`` it is the length at which the parser gave up on it.
    public let lineLength: Int
    /// Well-formed lines of an unfinished reply that were given up because of this error.
    public let abandonedLines: [ReplyLine]
    /// A sentence for the user saying what happened and what became of the bytes.
    public let message: String

    public init(kind: Kind, line: [UInt8], lineLength: Int, abandonedLines: [ReplyLine], message: String) {
        self.kind = kind
        self.line = line
        self.lineLength = lineLength
        self.abandonedLines = abandonedLines
        self.message = message
    }

    public var description: String { message }

    /// The offending line is well formed and was kept: it begins the next reply (a code
    /// that changed, a reply past the limits), which shows and records it. Only the
    /// abandoned lines belong to this error then.
    public var lineStartsNextReply: Bool { kind == .codeChangedMidReply || kind == .tooManyLines }
}

extension ReplyParseError {
    /// Builds the error for `kind`, keeping `line` and wording the message from its start.
    ///
    /// `limits` supplies the numbers quoted in the message for the two limit errors.
    static func make(
        _ kind: Kind,
        line: some Collection<UInt8>,
        lineLength: Int? = nil,
        abandoning abandoned: [ReplyLine],
        limits: ReplyParser.Limits
    ) -> ReplyParseError {
        let excerpt = Array(line.prefix(lineExcerptLimit))
        let length = lineLength ?? line.count
        var message = summary(kind, excerpt: excerpt, abandoned: abandoned, limits: limits)
        if !abandoned.isEmpty && kind != .unfinishedAtClose {
            let count = abandoned.count == 1 ? "1 line" : "\(abandoned.count) lines"
            message += " The unfinished reply before it (\(count)) was abandoned."
        }
        return ReplyParseError(
            kind: kind, line: Array(line), lineLength: length, abandonedLines: abandoned, message: message)
    }

    /// The first sentence of the message: what rule the input broke.
    private static func summary(
        _ kind: Kind, excerpt: [UInt8], abandoned: [ReplyLine], limits: ReplyParser.Limits
    ) -> String {
        switch kind {
        case .missingCode:
            return excerpt.isEmpty
                ? "Malformed reply: an empty line where a reply line with a three-digit code was expected."
                : "Malformed reply line: it does not start with a three-digit reply code."
        case .invalidCode:
            let code = String(decoding: excerpt.prefix(3), as: UTF8.self)
            return "Malformed reply line: \(code) is not a reply code "
                + "(RFC 5321 codes run from 200 to 559, with a second digit of 0 to 5)."
        case .invalidSeparator:
            let byte = excerpt.count > 3 ? visible(excerpt[3]) : "?"
            return "Malformed reply line: the code is followed by \(byte) "
                + "instead of a space, a hyphen or the end of the line."
        case .codeChangedMidReply:
            let before = abandoned.first.map { String($0.code) } ?? "?"
            let after = String(decoding: excerpt.prefix(3), as: UTF8.self)
            return "The reply code changed from \(before) to \(after) in the middle of a multi-line reply "
                + "(RFC 5321 §4.2.1: every line carries the same code); a new reply begins at the \(after) line."
        case .lineTooLong:
            return "A reply line exceeded \(limits.maxLineLength) bytes; the rest of that line is not read as a reply "
                + "(a transcript keeps all of it)."
        case .tooManyLines:
            return "A multi-line reply exceeded \(limits.maxLinesPerReply) lines or \(limits.maxReplyBytes) bytes; "
                + "a new reply begins at the next line."
        case .unfinishedAtClose:
            switch (excerpt.isEmpty, abandoned.count) {
            case (false, 0): return "The connection closed in the middle of a reply line (no line end received)."
            case (true, let n): return "The connection closed in the middle of a multi-line reply after \(n) line(s)."
            case (false, let n):
                return "The connection closed in the middle of a multi-line reply after \(n) line(s) "
                    + "and an unterminated line."
            }
        }
    }

    /// A byte as the user should read it in a message: printable ASCII quoted, anything else as hex.
    private static func visible(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte)
            ? "\"\(Character(Unicode.Scalar(byte)))\""
            : "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
