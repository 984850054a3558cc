import SMTPCore
import Synchronization

/// Turns a server reply into the lines the user sees: each reply line as received
/// (control characters made visible), coloured by class, then one annotation line.
///
/// The annotation starts with the code's description from the built-in table — for the 24
/// codes of the reference page, its words verbatim — then, after ` — `, the meaning in
/// context when it says more, the enhanced status code's meaning when the text starts with
/// one, and the time since the command was sent:
/// `  # 550 Requested action not taken: mailbox unavailable — Recipient refused … · 5.1.1 Bad destination mailbox address · 3 ms`
public struct ReplyRenderer: Sendable {
    public let style: Style

    public init(style: Style) { self.style = style }

    /// The rendered reply, one string per screen line (no newlines inside). With `columns`,
    /// the annotation is kept within the terminal's width.
    public func render(
        _ reply: Reply, context: ReplyContext?, elapsedMilliseconds: Int?, answering: String? = nil, columns: Int? = nil
    ) -> [String] {
        var lines = reply.lines.map { line in
            style.reply(VisibleText.escape(line.raw), code: reply.code)
        }
        lines.append(
            style.annotation(
                annotation(
                    for: reply, context: context, elapsedMilliseconds: elapsedMilliseconds, answering: answering,
                    columns: columns)))
        return lines
    }

    /// The one annotation line of a reply (without colour).
    /// `answering` names the command a pipelined reply answers (`answers RCPT TO:<b@example.org>`).
    ///
    /// With `columns`, a line that would wrap loses the end of its meaning in context
    /// (marked `…`) and then, if need be, the whole of it; the table's description, the
    /// enhanced code and the time always stay.
    public func annotation(
        for reply: Reply, context: ReplyContext?, elapsedMilliseconds: Int?, answering: String? = nil, columns: Int? = nil
    ) -> String {
        let enhanced = reply.lines.first.flatMap { EnhancedStatusCode.prefix(of: $0.text)?.code }
        let parts = Self.meanings.parts(code: reply.code, context: context, enhanced: enhanced)
        var tail = parts.enhanced
        if let answering { tail += " · answers " + VisibleText.escape(answering) }
        if let elapsedMilliseconds { tail += " · \(elapsedMilliseconds) ms" }
        guard let columns, !parts.inContext.isEmpty else { return parts.head + parts.inContext + tail }
        let room = columns - 1 - parts.head.count - tail.count
        if parts.inContext.count <= room { return parts.head + parts.inContext + tail }
        // " — " plus at least a few words, then the ellipsis; otherwise nothing.
        guard room >= 12 else { return parts.head + tail }
        return parts.head + String(parts.inContext.prefix(room - 1)) + "…" + tail
    }

    /// ` · 5.1.1 Bad destination mailbox address`: an enhanced code and its title.
    static func enhancedWords(_ code: EnhancedStatusCode) -> String {
        let info = EnhancedStatusCodeTable.meaning(of: code)
        return " · \(code) \(info.info?.title ?? info.summary)"
    }

    /// The meanings part of annotations, made once per code, context and enhanced code:
    /// a session repeats the same few (profiling showed them rebuilt on every reply).
    private static let meanings = MeaningCache()
}

/// The pieces of an annotation that depend only on the code, its context and the enhanced
/// code: `  # 250 Requested mail action okay, completed`, ` — Sender accepted …`, and
/// ` · 2.1.0 Other address status`.
private struct MeaningParts: Sendable {
    let head: String
    /// Empty when the meaning in context is the description itself.
    let inContext: String
    let enhanced: String
}

/// Annotation pieces, remembered by what decides them.
private final class MeaningCache: Sendable {
    /// Keyed by the three packed into an `Int` (``key(code:context:enhanced:)``): the runtime
    /// answers `Int: Hashable` for other dictionaries anyway, where a key type of our own
    /// cost a scan of every conformance record in every session (docs/benchmarks.md, "The
    /// runtime's first questions, fewer").
    private let entries = Mutex<[Int: MeaningParts]>([:])
    /// Bounded: codes come from the network, so a hostile server could send many.
    private static let capacity = 512

    func parts(code: Int, context: ReplyContext?, enhanced: EnhancedStatusCode?) -> MeaningParts {
        let key = Self.key(code: code, context: context, enhanced: enhanced)
        if let key, let known = entries.withLock({ $0[key] }) { return known }
        let meaning = ReplyCodeTable.meaning(of: code, after: context)
        let enhancedText = enhanced.map(ReplyRenderer.enhancedWords) ?? ""
        let parts = MeaningParts(
            head: "  # \(code) \(meaning.description)",
            inContext: meaning.summary == meaning.description ? "" : " — \(meaning.summary)", enhanced: enhancedText)
        guard let key else { return parts }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = parts
        }
        return parts
    }

    /// `code`, `context` and `enhanced` as one number, different for each different three;
    /// nil for a code outside 0...999 (not cached).
    private static func key(code: Int, context: ReplyContext?, enhanced: EnhancedStatusCode?) -> Int? {
        guard (0...999).contains(code) else { return nil }
        // 0 for none, else the case's place plus one; the cases are far fewer than 1,000.
        let contextPlace = context.flatMap { ReplyContext.allCases.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
        // 0 for none, else 1 + class·10⁶ + subject·10³ + detail (class 2–5, the others 0–999).
        let enhancedNumber = enhanced.map { 1 + $0.statusClass * 1_000_000 + $0.subject * 1_000 + $0.detail } ?? 0
        return (enhancedNumber * 1_000 + contextPlace) * 1_000 + code
    }
}
