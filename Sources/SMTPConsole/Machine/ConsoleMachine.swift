import SMTPAuth
import SMTPCore
import SMTPTranscript
import SMTPTransport

/// The console's core: one SMTP conversation as a value with no I/O.
///
/// Events in, actions out (the shape of postgres-nio's connection state machine and
/// swift-nio-imap's client state machine): the loop that owns it tells it what the user
/// typed and what the network delivered, and carries out what it answers — bytes to
/// write, TLS to start, something to show, a transcript entry. Everything the console
/// knows lives here: the SMTP session, the commands sent and not yet answered (by
/// identity, so each reply answers exactly one command or is unsolicited), the lines
/// held back until a synchronisation point is answered (RFC 2920 §3.1), timings, the
/// banner held until "connected" is shown, the AUTH exchange and the file transfer.
///
/// Every input is `mutating` and returns the outputs in the order they must happen.
struct ConsoleMachine {
    /// What the loop must do.
    enum Output {
        /// Bytes for the server, exactly as given (consecutive writes may be coalesced).
        case write([UInt8])
        /// Send this STARTTLS command with the transport's injection guard armed; on 220
        /// the transport starts the handshake, and `startTLSFinished` reports the outcome.
        /// `then` (`--starttls`'s second EHLO) is sent by the transport the moment TLS is up,
        /// before the outcome is reported, and never when TLS did not start.
        case startTLS(command: [UInt8], then: [UInt8]?)
        /// Close the connection (without QUIT).
        case close
        /// Answers for the transport to write by itself the moment the replies they answer
        /// arrive (``ArmedAnswer``): decided here, only carried out there.
        case arm([PreparedAnswer])
        /// Show something to the user.
        case show(DisplayEvent)
        /// Append an entry to the transcript, when one is being written.
        case record(TranscriptEntry)
        /// Wire bytes of a message body, for the transcript (one entry per line).
        case recordBody([UInt8])
        /// A piece of a server line too long to hold, for the transcript: the entry's bytes
        /// continue the line being written, which ends with `endsLine`.
        case recordPiece(TranscriptEntry, endsLine: Bool)
        /// The line may go into the persistent history.
        case addHistory(String)
        /// Run this meta-command; call `metaCommandFinished` afterwards.
        case runMeta(String)
        /// The transfer wants the next block of its file as soon as the socket can take it.
        case readFile
    }

    /// How lines are released to the server.
    enum Pacing: Sendable, Hashable {
        /// The console: each line goes out as it is typed, held only behind a
        /// synchronisation point (EHLO, DATA, BDAT LAST, STARTTLS, AUTH, QUIT).
        case interactive
        /// Script mode: each command waits for the reply to the one before.
        case lockstep
        /// Script mode with `--pipeline`: commands go out in groups up to a
        /// synchronisation point, their replies matched in order.
        case pipelined
    }

    /// The settings that shape the machine.
    struct Settings: Sendable {
        var pacing: Pacing = .interactive
        var lmtp = false
        var hints = true
    }

    /// Who sent a command, so that its reply goes back to the one waiting for it.
    enum Owner: Sendable, Hashable {
        case user, auth, transfer, prelude
    }

    /// A command on the wire whose reply has not arrived.
    struct SentCommand: Sendable {
        /// How it is named in "answers …" (redacted for secrets).
        let text: String
        let sentAt: ContinuousClock.Instant
        let owner: Owner
        /// Other commands were outstanding when it was sent (a pipelined group).
        let grouped: Bool
    }

    /// A yes/no question the next typed line answers.
    enum Question: Sendable {
        /// DATA was refused while lines typed after it were held.
        case heldLinesAfterRefusedData(count: Int)
        /// The file is larger than the server's SIZE limit.
        case sendOverSizeLimit(TransferPlan, limit: Int)
        /// Ctrl-C during a transfer: the transfer's own (``Transfer/askingToStop``), so
        /// that it ends with the transfer; never `Activity.asking`.
        case abortTransfer
    }

    var settings: Settings
    var session: SessionMachine
    /// Where the connection stands; what belongs to a connection lives in it.
    var link: Link = .disconnected
    /// What smtpc is doing on the user's behalf (``Activity``): one thing at a time.
    var activity: Activity = .idle
    /// The last target connected to (kept once closed, for `/reconnect` and `/state`).
    var target: ConnectTarget?
    /// A meta-command was handed to the loop and has not finished.
    var metaRunning = false

    // Counters for script mode's exit status.
    var negativeReplies = 0
    var malformedReplies = 0
    /// The connection ended without a 221/421 announcing it.
    var lostUnexpectedly = false
    /// Script mode must stop with this status (a failed STARTTLS, a line with no connection...).
    var stopStatus: ExitStatus?
    /// How `--starttls` ended, once it has: `.success` when TLS is on and EHLO answered.
    var preludeOutcome: ExitStatus?

    /// Lines typed (or read from the script) and not yet sent, oldest first.
    var queue: [String] = []
    var queueHead = 0
    /// Lines of the queue shown as they go out (``EchoedLines``).
    var echo = EchoedLines()
    /// Lines after a refused DATA are being skipped up to the lone `.` (script mode).
    var discardingRefusedBody = false
    /// A transcript is being written (entries are made only then).
    var isRecording = false
    var pendingOutputs: [Output] = []

    init(settings: Settings = Settings()) {
        self.settings = settings
        self.session = SessionMachine(lmtp: settings.lmtp)
    }

    /// An event from the connection, held while connecting.
    enum NetworkInput: Sendable {
        case reply(Reply, Moment)
        case parseError(ReplyParseError, Moment)
        /// More of a line too long to be a reply (after its `lineTooLong` parse error).
        case overflow(ReplyParser.OverflowPiece, Moment)
        case proxyHeaderSent(String, Moment)
        case tlsEstablished(TLSInfo, Moment)
        /// The transport wrote an armed answer (``ArmedAnswer``) to the reply that follows.
        case answerWritten(Moment)
        /// How STARTTLS ended (``ConsoleMachine/startTLSFinished(_:at:)``).
        case startTLSFinished(Result<StartTLSOutcome, any Error>, Moment)
        case closed(ClosedReason, Moment)

        var moment: Moment {
            switch self {
            case .reply(_, let now), .parseError(_, let now), .overflow(_, let now), .proxyHeaderSent(_, let now),
                .tlsEstablished(_, let now), .answerWritten(let now), .startTLSFinished(_, let now), .closed(_, let now):
                now
            }
        }
    }

    // MARK: Queries

    /// Nothing is waiting: no line held, no reply outstanding, no operation running.
    /// Script mode waits for this before it ends.
    var isSettled: Bool {
        guard queueHead == queue.count, !metaRunning, question == nil, !startTLSInFlight else { return false }
        switch link {
        case .disconnected: return true
        case .connecting, .modifying: return false
        case .connected: return session.pending.isEmpty && activity.isIdle
        }
    }

    /// The lines typed and not yet sent.
    var heldLines: ArraySlice<String> { queue[queueHead...] }

    /// The oldest command still waiting for its reply, for "timed out waiting for …".
    var oldestUnanswered: String? {
        session.pending.first.flatMap { connection?.commands[$0.id]?.text }
    }

    /// The oldest unanswered command is the end of a message (the final dot, BDAT LAST),
    /// whose reply may take long (RFC 5321 §4.5.3.2).
    var awaitsEndOfData: Bool {
        session.pending.first?.context == .endOfData
    }

    /// The text of the question being asked, for the prompt.
    var questionText: String? {
        switch question {
        case .heldLinesAfterRefusedData(let count):
            return "DATA was refused: send the \(count) line(s) typed after it as commands? [y/N] "
        case .sendOverSizeLimit(let plan, let limit):
            return "\(plan.path) is \(plan.size) bytes, over the server's SIZE limit of \(limit): send anyway? [y/N] "
        case .abortTransfer:
            return "Stop sending? SMTP cannot abort DATA: the connection will be dropped. [y/N] "
        case nil:
            return nil
        }
    }

    // MARK: Output plumbing

    /// A command line as it goes on the wire: its bytes and CRLF.
    static func wire(_ line: String) -> [UInt8] { Array(line.utf8) + [0x0D, 0x0A] }

    mutating func emit(_ output: Output) { append(output) }
    mutating func show(_ event: DisplayEvent) { append(.show(event)) }
    /// A reply's outputs are dozens (a body's lines with their echoes): room for them at
    /// once, not by doubling from one (``take()`` hands the array out each time).
    private mutating func append(_ output: Output) {
        if pendingOutputs.capacity == 0 { pendingOutputs.reserveCapacity(32) }
        pendingOutputs.append(output)
    }
    /// A transcript entry, made only while a transcript is written.
    mutating func record(_ entry: @autoclosure () -> TranscriptEntry) {
        if isRecording { pendingOutputs.append(.record(entry())) }
    }
    mutating func recordEvent(_ event: TranscriptEvent, at now: Moment) { record(.event(event, timestamp: now.wall)) }

    /// The outputs gathered by the input being handled, in order.
    mutating func take() -> [Output] {
        defer { pendingOutputs = [] }
        return pendingOutputs
    }

    // MARK: Connecting

    /// A connection attempt to `target` began (any earlier connection is closed by the loop).
    /// Whatever belonged to the earlier connection goes with it.
    mutating func connectStarted(_ target: ConnectTarget, at now: Moment) -> [Output] {
        session = SessionMachine(lmtp: settings.lmtp)
        link = .connecting(Opening(startedAt: now.monotonic))
        self.target = target
        // A prelude left waiting for a STARTTLS outcome that will now never come ends here.
        if case .prelude = activity, preludeOutcome == nil { preludeOutcome = .connectionLost }
        activity = .idle
        discardingRefusedBody = false
        show(.event("connecting to \(target) ..."))
        return take()
    }

    /// The connect call returned a connection; `remoteAddress` is the address reached.
    mutating func connected(remoteAddress: String, at now: Moment) -> [Output] {
        guard case .connecting(let opening) = link, let target else {
            impossible("connected without a connect call under way")
            return []
        }
        link = .connected(Connection(startedAt: opening.startedAt, armedPrelude: opening.armedPrelude))
        let event = TranscriptEvent.connected(
            target: target.description, address: remoteAddress == target.description ? nil : remoteAddress)
        // The connection was open before its first byte arrived: when the banner came while
        // the connect call was still returning, "connected" takes the banner's time, so the
        // transcript's times never go backwards.
        let opened = opening.held.first.map { $0.moment.monotonic < now.monotonic ? $0.moment : now } ?? now
        recordEvent(event, at: opened)
        show(.event(event.text))
        for input in opening.held { handle(input) }
        releaseQueued(at: now)
        return take()
    }

    /// The connect call failed (already closed; no event of it follows).
    mutating func connectFailed(_ error: any Error & Sendable, at now: Moment) -> [Output] {
        guard case .connecting = link, let target else {
            impossible("a connect call failed without one under way")
            return []
        }
        link = .disconnected
        recordEvent(.connectFailed(target: target.description), at: now)
        show(.connectFailed(target, error))
        releaseQueued(at: now)
        return take()
    }

    /// Lines about the connection attempt (the MX lookup), shown at once.
    mutating func noted(_ events: [DisplayEvent]) -> [Output] {
        for event in events { show(event) }
        return take()
    }

    // MARK: Script mode

    /// Script mode must stop now with `status` (reported already).
    mutating func stop(with status: ExitStatus) {
        if stopStatus == nil { stopStatus = status }
    }
}

/// A moment, on both clocks: monotonic for "N ms after the command", wall-clock for transcripts.
struct Moment: Sendable {
    let monotonic: ContinuousClock.Instant
    /// Seconds since the Unix epoch.
    let wall: Double

    static func now() -> Moment { Moment(monotonic: .now, wall: Clock.unixTime()) }
}
