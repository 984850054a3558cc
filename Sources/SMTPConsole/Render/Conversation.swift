import SMTPCore
import SMTPTranscript

/// A recorded session read as the console would have shown it: each client line with what
/// it was (body, stuffed, redacted), each reply with the console's annotation in its
/// context, each event with its kind. `smtpc render` draws it as HTML or Markdown.
struct Conversation: Sendable {
    /// One step of the exchange. Every text is visible-safe (no control character).
    enum Item: Sendable, Equatable {
        /// A line smtpc sent. `stuffed`: a body line that carries a dot added by
        /// dot-stuffing (RFC 5321 §4.5.2); `redacted`: a credential recorded as a placeholder.
        case client(text: String, isBody: Bool, stuffed: Bool, redacted: Bool, time: Double?)
        /// A reply: its lines, its code, and the annotation line the console prints under it.
        case reply(lines: [String], code: Int, annotation: String, time: Double?)
        /// Server bytes that were not a well-formed reply, and what is wrong.
        case malformed(lines: [String], problem: String, time: Double?)
        case event(text: String, kind: EventKind, time: Double?)
    }

    /// What an event marks on the page.
    enum EventKind: String, Sendable {
        case tls, auth, connection, other
    }

    let header: TranscriptHeader?
    let items: [Item]

    /// The session as the console would annotate it.
    init(_ session: TranscriptSession) {
        header = session.header
        var builder = ConversationBuilder(header: session.header)
        items = session.records.flatMap { builder.add($0) }
    }
}

/// Reads a session's records one at a time, as the console would have annotated them:
/// `Conversation` reads a whole file with it, the web view each line as it is exchanged.
struct ConversationBuilder: Sendable {
    private let lmtp: Bool
    private var machine: SessionMachine
    private var parser = ReplyParser()
    private var sentAt: [Int: Double] = [:]
    private var firstTime: Double?
    private let annotations = ReplyRenderer(style: Style(enabled: false))

    init(header: TranscriptHeader?) {
        lmtp = header?.lmtp ?? false
        machine = SessionMachine(lmtp: lmtp)
    }

    /// The items one more record adds (a server line may end a reply, or not yet).
    mutating func add(_ record: TranscriptRecord) -> [Conversation.Item] {
        if firstTime == nil { firstTime = record.time }
        switch record.direction {
        case .client:
            let wasBody = machine.inputMode == .dataBody
            let sent = machine.lineSent(record.text)
            if let time = record.time { sentAt[sent.id] = time }
            let isBody = wasBody && sent.kind == .bodyLine
            return [
                .client(
                    text: VisibleText.escape(record.bytes), isBody: isBody, stuffed: isBody && record.text.hasPrefix(".."),
                    redacted: record.redacted, time: record.time)
            ]
        case .server:
            var items: [Conversation.Item] = []
            for event in parser.feed(record.bytes + [0x0D, 0x0A]) {
                switch event {
                case .reply(let reply):
                    let outcome = machine.replyReceived(reply)
                    let since = outcome.answering.flatMap { sentAt[$0] } ?? (outcome.context == .greeting ? firstTime : nil)
                    var elapsed: Int?
                    if let since, let time = record.time { elapsed = Int(((time - since) * 1000).rounded()) }
                    items.append(
                        .reply(
                            lines: reply.lines.map { VisibleText.escape($0.raw) }, code: reply.code,
                            annotation: annotations.annotation(for: reply, context: outcome.context, elapsedMilliseconds: elapsed)
                                .drop { $0 == " " }.description, time: record.time))
                case .error(let error):
                    var lines = error.abandonedLines.map { VisibleText.escape($0.raw) }
                    if !error.line.isEmpty, !error.lineStartsNextReply { lines.append(VisibleText.escape(error.line)) }
                    items.append(.malformed(lines: lines, problem: VisibleText.escape(error.message), time: record.time))
                case .overflow(let piece):
                    // The page shows the start the parser held, and says how long the line is.
                    guard let length = piece.endedAtLength, case .malformed(let lines, let problem, let time)? = items.last
                    else { continue }
                    items[items.count - 1] = .malformed(
                        lines: lines, problem: problem + " The line is \(length) bytes long; only its start is shown.", time: time)
                }
            }
            return items
        case .event:
            let kind: Conversation.EventKind
            switch record.event {
            case .tlsEstablished?:
                machine.tlsEstablished()
                kind = .tls
            case .authenticated?: kind = .auth
            case .connected?, .connectFailed?:
                machine = SessionMachine(lmtp: lmtp)
                parser = ReplyParser()
                kind = .connection
            case .closed?:
                machine.connectionClosed()
                kind = .connection
            default: kind = .other
            }
            return [.event(text: VisibleText.escape(record.bytes), kind: kind, time: record.time)]
        }
    }
}
