import SMTPCore
import Synchronization

/// Turns a server reply into the lines the user sees: each reply line as received
/// (control characters made visible), coloured by class, then one annotation line.
///
/// The annotation gives the code's meaning in context, the enhanced status code's
/// meaning when the text starts with one, and the time since the command was sent:
/// `  # 550 Requested action not taken: mailbox unavailable · 5.1.1 Bad destination mailbox address · 3 ms`
public struct ReplyRenderer: Sendable {
    public let style: Style

    public init(style: Style) { self.style = style }

    /// The rendered reply, one string per screen line (no newlines inside).
    public func render(_ reply: Reply, context: ReplyContext?, elapsedMilliseconds: Int?, answering: String? = nil) -> [String] {
        var lines = reply.lines.map { line in
            style.reply(VisibleText.escape(line.raw), code: reply.code)
        }
        lines.append(
            style.annotation(
                annotation(for: reply, context: context, elapsedMilliseconds: elapsedMilliseconds, answering: answering)))
        return lines
    }

    /// The one annotation line of a reply (without colour).
    /// `answering` names the command a pipelined reply answers (`answers RCPT TO:<b@example.org>`).
    public func annotation(
        for reply: Reply, context: ReplyContext?, elapsedMilliseconds: Int?, answering: String? = nil
    ) -> String {
        let enhanced = reply.lines.first.flatMap { EnhancedStatusCode.prefix(of: $0.text)?.code }
        var text = Self.meanings.text(code: reply.code, context: context, enhanced: enhanced)
        if let answering { text += " · answers " + answering }
        if let elapsedMilliseconds { text += " · \(elapsedMilliseconds) ms" }
        return text
    }

    /// The meanings part of annotations, made once per code, context and enhanced code:
    /// a session repeats the same few (profiling showed them rebuilt on every reply).
    private static let meanings = MeaningCache()
}

/// `  # 250 Sender accepted … · 2.1.0 Other address status`, remembered by what decides it.
private final class MeaningCache: Sendable {
    private struct Key: Hashable {
        let code: Int
        let context: ReplyContext?
        let enhanced: EnhancedStatusCode?
    }

    private let entries = Mutex<[Key: String]>([:])
    /// Bounded: codes come from the network, so a hostile server could send many.
    private static let capacity = 512

    func text(code: Int, context: ReplyContext?, enhanced: EnhancedStatusCode?) -> String {
        let key = Key(code: code, context: context, enhanced: enhanced)
        if let known = entries.withLock({ $0[key] }) { return known }
        let meaning = ReplyCodeTable.meaning(of: code, after: context)
        var text = "  # \(code) \(meaning.summary)"
        if let enhanced {
            let info = EnhancedStatusCodeTable.meaning(of: enhanced)
            text += " · \(enhanced) \(info.info?.title ?? info.summary)"
        }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = text
        }
        return text
    }
}
