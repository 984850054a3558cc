import SMTPCore
import SMTPTransport

/// Something the console shows the user, as data: the machine says *what* happened and
/// `ConsoleRenderer` alone decides how it looks (colour, layout, progress bar).
enum DisplayEvent: Sendable {
    /// `--- TEXT`: connecting, connected, TLS established, closed. Text is visible-safe.
    case event(String)
    /// A complete reply with everything its annotation needs.
    case reply(ReplyDisplay)
    /// Bytes that could not be parsed as a reply.
    case malformed(ReplyParseError)
    /// A line smtpc sent on the user's behalf (script mode, `--starttls`, `/auth`): `> TEXT`.
    case echo(String, note: String? = nil)
    /// An explanation in brackets, indented: `  (DATA mode: ...)`.
    case hint(String)
    /// A warning about something sent or received: `  ! TEXT`.
    case warning(String)
    /// The warnings about a command line, worked out from the session as it was before the
    /// line was sent, when they are rendered (after the line is written; usually none).
    case commandWarnings(line: String, before: SessionSnapshot)
    /// smtpc's own error: `smtpc: TEXT`.
    case error(String)
    /// A connection attempt failed.
    case connectFailed(ConnectTarget, any Error & Sendable)
    /// The TLS handshake failed or was refused.
    case tlsFailed(TLSError)
    /// How far a `/send` or `/bdat` transfer is.
    case progress(TransferProgress)
    /// Lines shown as they are (meta-command output, made visible-safe by their maker).
    case text([String])
}

/// A reply as the console shows it: the reply, how it was read, and its annotation's parts.
struct ReplyDisplay: Sendable {
    let reply: Reply
    /// The context the reply was read in (what it answers), for the code's meaning.
    let context: ReplyContext
    /// Milliseconds since its command was sent (since the connect for the greeting).
    let elapsedMilliseconds: Int?
    /// The command it answers, when other commands were outstanding too (pipelining).
    let answering: String?
    /// The session before the reply, when hints are on: the teaching hint is worked out
    /// from it when the reply is rendered, after the commands the reply lets go are sent.
    let hintSession: SessionSnapshot?

    /// A teaching hint, when hints are on and the reply deserves one.
    var hint: String? {
        hintSession.flatMap { Hints.hint(for: reply, context: context, before: $0.session) }
    }
}

/// A session kept for later, boxed: outputs are copied as they pass through the loop, and
/// a whole session inline would make every one of them large.
final class SessionSnapshot: Sendable {
    let session: SessionMachine

    init(_ session: SessionMachine) { self.session = session }
}

/// The state of a transfer, for the progress bar (terminal) or quarter lines (script).
struct TransferProgress: Sendable, Hashable {
    /// Bytes of the file sent so far, and the file's size.
    let sent: Int
    let total: Int
    /// Average rate so far, in bytes per second.
    let bytesPerSecond: Double
    /// `true` when a quarter of the file was just passed (script mode prints only these).
    let passedQuarter: Bool
    /// `true` once the whole file is out (the bar is removed).
    let finished: Bool
}
