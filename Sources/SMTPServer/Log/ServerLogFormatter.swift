import SMTPCore
import Synchronization

/// Turns server events into the annotated lines `smtpc serve` prints.
///
/// `C:` marks what a client sent, `S:` what the server answered, each reply followed by
/// the meaning of its code (read in the context of the command it answers) and of its
/// enhanced code. Safe to call from every connection's thread.
public final class ServerLogFormatter: Sendable {
    /// The context of the last command per connection, to read reply codes in.
    private let contexts = Mutex<[Int: ReplyContext]>([:])
    /// Annotations made so far, by what they depend on: a server answers with few distinct
    /// codes, and looking them up in the tables at every reply was a fifth of the log's work.
    private let annotations = Mutex<[AnnotationKey: String]>([:])

    private struct AnnotationKey: Hashable {
        let code: Int
        let enhanced: EnhancedStatusCode?
        let context: ReplyContext?
    }

    /// A formatter.
    public init() {}

    /// The lines for one event, each starting with the connection number.
    public func lines(for event: ServerEvent) -> [String] {
        let tag = "[#\(event.connection)]"
        switch event.kind {
        case .connected(let peer):
            contexts.withLock { $0[event.connection] = .greeting }
            return ["\(tag) --- connected from \(peer)"]
        case .disconnected(let reason):
            contexts.withLock { _ = $0.removeValue(forKey: event.connection) }
            return ["\(tag) --- \(reason)"]
        case .tlsEstablished(let detail):
            return ["\(tag) --- \(detail)"]
        case .session(.command(let text)):
            let isAnswer = text == "*" || text.hasPrefix("[SASL")
            let context = isAnswer ? ReplyContext.authResponse : SMTPVerb(line: text).replyContext
            contexts.withLock { $0[event.connection] = context }
            return ["\(tag) C: \(text)"]
        case .session(.body(let count)):
            contexts.withLock { $0[event.connection] = .endOfData }
            return ["\(tag) C: [message body, \(count) bytes]"]
        case .session(.accepted(let id, let from, let recipients, let size)):
            let to = recipients.map { "<\($0)>" }.joined(separator: ", ")
            return ["\(tag) --- stored \(id): \(size) bytes from <\(from)> to \(to)"]
        case .session(.note(let text)):
            return ["\(tag) --- \(text)"]
        case .session(.authenticated(let user, let mechanism)):
            return ["\(tag) --- authenticated as \(user) (\(mechanism))"]
        case .reply(let reply):
            let context = contexts.withLock { $0[event.connection] }
            var lines = reply.wireLines.map { tag + " S: " + VisibleText.escape($0) }
            lines.append(tag + "      " + annotation(for: reply, after: context))
            return lines
        }
    }

    /// `annotation(for:after:)`, made once for each code, enhanced code and context.
    private func annotation(for reply: ServerReply, after context: ReplyContext?) -> String {
        let key = AnnotationKey(code: reply.code, enhanced: reply.enhancedCode, context: context)
        if let made = annotations.withLock({ $0[key] }) { return made }
        let made = Self.annotation(for: reply, after: context)
        // Codes come from this server's own replies, so there are few; the bound is a guard.
        annotations.withLock { if $0.count < 4096 { $0[key] = made } }
        return made
    }

    /// `↳ 250 meaning · 2.1.0 meaning`.
    static func annotation(for reply: ServerReply, after context: ReplyContext?) -> String {
        var text = "↳ \(reply.code) " + ReplyCodeTable.meaning(of: reply.code, after: context).summary
        if let enhanced = reply.enhancedCode {
            text += " · \(enhanced) " + EnhancedStatusCodeTable.meaning(of: enhanced).summary
        }
        return text
    }
}
