import SMTPCore

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
        let meaning = ReplyCodeTable.meaning(of: reply.code, after: context)
        var parts = ["\(reply.code) \(meaning.summary)"]
        if let first = reply.lines.first, let (code, _) = EnhancedStatusCode.prefix(of: first.text) {
            let enhanced = EnhancedStatusCodeTable.meaning(of: code)
            parts.append("\(code) \(enhanced.info?.title ?? enhanced.summary)")
        }
        if let answering {
            parts.append("answers \(answering)")
        }
        if let elapsedMilliseconds {
            parts.append("\(elapsedMilliseconds) ms")
        }
        return "  # " + parts.joined(separator: " · ")
    }
}
