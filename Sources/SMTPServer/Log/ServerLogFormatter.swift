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
            let lines = reply.wireLines.map { "\(tag) S: \(VisibleText.escape($0))" }
            return lines + ["\(tag)      \(Self.annotation(for: reply, after: context))"]
        }
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
