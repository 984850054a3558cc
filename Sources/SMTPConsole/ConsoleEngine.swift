import Dispatch
import NIOPosix
import SMTPCore
import SMTPTranscript
import SMTPTransport
import Synchronization

/// The console's conversation with one server at a time, shared by the interactive
/// console and script mode.
///
/// Typed lines come in from the user's thread (`type`, `send`), network events from the
/// event loop (`handle`). Both go through one lock around the session state machine, so a reply
/// can never be matched to a command before that command was recorded as sent.
public final class ConsoleEngine: Sendable {
    /// The mutable part, guarded by `state`.
    struct State {
        var machine = SessionMachine()
        var connection: SMTPConnection?
        var target: ConnectTarget?
        /// The details of the current TLS session, for `/tls` and the prompt.
        var tls: TLSInfo?
        /// Bumped on every connect, so events of an earlier connection are ignored.
        var generation = 0
        var connectStartedAt: ContinuousClock.Instant?
        /// When each line was sent, by `SentLine.id`, to time its reply.
        var sentAt: [Int: ContinuousClock.Instant] = [:]
        var isConnected = false
        var negativeReplies = 0
        var malformedReplies = 0
        /// The connection ended without a 221/421 announcing it.
        var lostUnexpectedly = false
        var transcript: TranscriptWriter?
        var transcriptFailed = false
        /// The most recent complete reply (for `/auth`, which reads the replies it waits for).
        var lastReply: Reply?
        /// `/auth` is answering the challenges itself: show them decoded, without the
        /// advice meant for someone answering by hand.
        var authInProgress = false
        /// `startTLS` sent the STARTTLS line and will do the handshake after the 220.
        var startTLSInProgress = false
        /// `false` until the connect call returned: what arrives before (the banner) is
        /// held back so that "connected" is shown and recorded first.
        var announced = true
        var heldLines: [String] = []
        var heldEntries: [TranscriptEntry] = []
    }

    let state: Mutex<State>
    let output: any ConsoleOutput
    let style: Style
    let renderer: ReplyRenderer
    let configuration: ConsoleConfiguration
    /// Signalled on every network event; script mode waits on it.
    let activity = DispatchSemaphore(value: 0)

    /// The practice server running in this process (smtpc with no host), for `/inbox`.
    let practice: PracticeSession?

    init(configuration: ConsoleConfiguration, style: Style, output: any ConsoleOutput, practice: PracticeSession? = nil) {
        self.configuration = configuration
        self.practice = practice
        self.style = style
        self.output = output
        self.renderer = ReplyRenderer(style: style)
        self.state = Mutex(State())
    }

    // MARK: Connecting

    /// Connects to `spec`, closing any current connection first. Blocks until connected or failed.
    /// - Returns: nil on success, or the error (already reported to the user).
    @discardableResult
    public func connect(to spec: ConnectTarget) -> (any Error)? {
        let generation = state.withLock { state -> Int in
            if let old = state.connection { Task { await old.close() } }
            state.connection = nil
            state.isConnected = false
            state.machine = SessionMachine(lmtp: configuration.lmtp)
            state.tls = nil
            state.sentAt = [:]
            state.target = spec
            state.generation += 1
            state.connectStartedAt = .now
            state.announced = false
            state.heldLines = []
            state.heldEntries = []
            return state.generation
        }
        output.write(style.event("--- connecting to \(spec) ..."))
        let options = ConnectOptions(
            addressFamily: configuration.addressFamily, connectTimeout: configuration.connectTimeout,
            tls: configuration.tlsMode == .implicit ? .implicit(configuration.tlsSettings) : .none)
        let onEvent: @Sendable (ConnectionEvent) -> Void = { [weak self] event in self?.handle(event, generation: generation) }
        let result = Blocking.run { [self] in
            try await self.open(spec, options: options, onEvent: onEvent)
        }
        switch result {
        case .success(let connection):
            let address = connection.remoteAddress == spec.description ? "" : " (\(connection.remoteAddress))"
            let event = "connected to \(spec)\(address)"
            let held = state.withLock { state -> [String]? in
                guard state.generation == generation else { return nil }
                state.connection = connection
                state.isConnected = !state.machine.isClosed
                state.announced = true
                record(.event(event, timestamp: Clock.unixTime()), state: &state)
                for entry in state.heldEntries { record(entry, state: &state) }
                defer {
                    state.heldLines = []
                    state.heldEntries = []
                }
                return state.heldLines
            }
            guard let held else {
                Task { await connection.close() }
                return nil
            }
            output.write(lines: [style.event("--- \(event)")] + held)
            return nil
        case .failure(let error):
            state.withLock { state in
                guard state.generation == generation else { return }
                state.announced = true
                state.heldLines = []
                state.heldEntries = []
            }
            record(.event("cannot connect to \(spec)", timestamp: Clock.unixTime()))
            output.write(lines: ConnectFailure.lines(for: error, target: spec, style: style))
            return error
        }
    }

    /// Connects again to the last server.
    public func reconnect() -> Bool {
        guard let target = state.withLock({ $0.target }) else {
            output.write(style.error("smtpc: no earlier connection; use /connect HOST [PORT]"))
            return false
        }
        return connect(to: target) == nil
    }

    /// Closes the connection (without QUIT).
    public func disconnect() {
        let connection = state.withLock { state -> SMTPConnection? in
            defer { state.connection = nil }
            return state.connection
        }
        guard let connection else { return }
        let done = DispatchSemaphore(value: 0)
        Task {
            await connection.close()
            done.signal()
        }
        _ = done.wait(timeout: .now() + .seconds(2))
    }

    // MARK: Network events

    /// Handles one event from the connection of `generation` (runs on the event loop).
    func handle(_ event: ConnectionEvent, generation: Int) {
        defer { activity.signal() }
        var lines: [String] = []
        state.withLock { state in
            guard state.generation == generation else { return }
            defer {
                if !state.announced {
                    state.heldLines += lines
                    lines = []
                }
            }
            switch event {
            case .reply(let reply, let receivedAt):
                lines = handleReply(reply, receivedAt: receivedAt, state: &state)
            case .parseError(let error):
                state.malformedReplies += 1
                if let answered = state.machine.malformedReplyReceived() { state.sentAt[answered.id] = nil }
                for line in error.abandonedLines {
                    record(TranscriptEntry(direction: .server, bytes: line.raw, timestamp: Clock.unixTime()), state: &state)
                    lines.append(style.reply(VisibleText.escape(line.raw), code: line.code))
                }
                if !error.line.isEmpty {
                    record(TranscriptEntry(direction: .server, bytes: error.line, timestamp: Clock.unixTime()), state: &state)
                    lines.append(VisibleText.escape(error.line))
                }
                lines.append(style.error("  ! malformed reply: \(VisibleText.escape(error.message))"))
            case .closed(let reason):
                let isLocal = reason == .byClient
                let expected = state.machine.serverIsClosing || isLocal
                state.machine.connectionClosed()
                state.isConnected = false
                state.connection = nil
                if !expected { state.lostUnexpectedly = true }
                // The reason may quote bytes from the network: never let them reach the terminal raw.
                let text = VisibleText.escape(reason.description)
                record(.event(text, timestamp: Clock.unixTime()), state: &state)
                lines.append(style.event("--- \(text)"))
                if !expected {
                    lines.append(style.hint("  (use /reconnect or /connect HOST [PORT] to open a new connection)"))
                }
            case .tlsEstablished(let info):
                state.machine.tlsEstablished()
                state.tls = info
                let text = "TLS established: \(VisibleText.escape(info.summary))"
                record(.event(text, timestamp: Clock.unixTime()), state: &state)
                lines.append(style.event("--- \(text)"))
            }
        }
        if !lines.isEmpty { output.write(lines: lines) }
    }

    /// The lines to show for a reply, after the state machine has seen it.
    private func handleReply(_ reply: Reply, receivedAt: ContinuousClock.Instant, state: inout State) -> [String] {
        for line in reply.lines {
            record(TranscriptEntry(direction: .server, bytes: line.raw, timestamp: Clock.unixTime()), state: &state)
        }
        let before = state.machine
        let outcome = state.machine.replyReceived(reply)
        state.lastReply = reply
        let since =
            outcome.answering.flatMap { state.sentAt.removeValue(forKey: $0) }
            ?? (outcome.context == .greeting ? state.connectStartedAt : nil)
        let elapsed = since.map { Clock.milliseconds(from: $0, to: receivedAt) }
        if reply.isNegative { state.negativeReplies += 1 }
        var lines = renderer.render(reply, context: outcome.context, elapsedMilliseconds: elapsed)
        if configuration.hints, !(state.authInProgress && reply.code == 334),
            let hint = Hints.hint(for: reply, context: outcome.context, before: before)
        {
            lines.append(style.hint("  hint: " + VisibleText.escape(hint)))
        }
        if reply.lines.contains(where: \.endedWithBareLF) {
            lines.append(style.warning("  ! the server ended a line with a bare LF instead of CRLF"))
        }
        for action in outcome.actions {
            switch action {
            case .recordCapabilities:
                state.machine.capabilitiesReceived(Capabilities(ehloReply: reply))
            case .enterDataBody:
                lines.append(style.hint("  (DATA mode: type the message; a line with a lone . ends it)"))
            case .readChallengeResponse:
                lines.append(style.hint("  " + ChallengeText.describe(reply, answeredBySmtpc: state.authInProgress)))
            case .startTLSHandshake:
                lines.append(
                    style.hint(
                        state.startTLSInProgress
                            ? "  (starting the TLS handshake ...)"
                            : "  (STARTTLS was sent raw: smtpc does not start TLS for it; the server now waits for a TLS handshake — /reconnect)"
                    ))
            case .transactionEnded, .expectClose:
                break
            }
        }
        return lines
    }

    // MARK: Sending

    /// Sends one typed line (CRLF appended) and tells the state machine.
    ///
    /// - Returns: how the machine read the line, or nil when there is no connection.
    @discardableResult
    public func send(line: String) -> SentLine? {
        send(line: line, wire: Array(line.utf8) + [0x0D, 0x0A])
    }

    /// Sends `wire` (a line with its CRLF) for the typed `line`; the machine sees `line`.
    func send(line: String, wire: [UInt8]) -> SentLine? {
        state.withLock { state -> SentLine? in
            guard let connection = state.connection, state.isConnected else { return nil }
            let sent = state.machine.lineSent(line)
            if sent.kind != .bodyLine { state.sentAt[sent.id] = .now }
            let recorded = wire.count >= 2 ? Array(wire.dropLast(2)) : wire
            record(
                TranscriptEntry(
                    direction: .client, bytes: recorded, timestamp: Clock.unixTime(),
                    isSecret: sent.isSecret, redactedText: Redaction.displayText(of: line, sent: sent)), state: &state)
            connection.send(wire)
            return sent
        }
    }

    /// Sends bytes exactly as given (`/raw`); complete lines are told to the state machine.
    @discardableResult
    public func send(raw bytes: [UInt8]) -> Bool {
        state.withLock { state -> Bool in
            guard let connection = state.connection, state.isConnected else { return false }
            let sentLines = state.machine.rawBytesSent(bytes)
            for sent in sentLines where sent.kind != .bodyLine {
                state.sentAt[sent.id] = .now
            }
            // Raw bytes may carry AUTH or a 334 answer: redacted like typed ones.
            let secret = sentLines.contains(where: \.isSecret)
            record(
                TranscriptEntry(
                    direction: .client, bytes: bytes, timestamp: Clock.unixTime(), isSecret: secret,
                    redactedText: secret ? "[redacted: \(bytes.count) raw bytes]" : nil), state: &state)
            connection.send(bytes)
            return true
        }
    }

    // MARK: Transcript

    /// Starts writing a transcript to `path`, replacing any current one.
    public func startRecording(to path: String) throws {
        let writer = try TranscriptWriter(path: path, keepSecrets: configuration.recordSecrets)
        let old = state.withLock { state -> TranscriptWriter? in
            defer {
                state.transcript = writer
                state.transcriptFailed = false
            }
            return state.transcript
        }
        old?.close()
        record(.event("recording started", timestamp: Clock.unixTime()))
    }

    /// Stops the transcript, if any; returns its path.
    @discardableResult
    public func stopRecording() -> String? {
        let writer = state.withLock { state -> TranscriptWriter? in
            defer { state.transcript = nil }
            return state.transcript
        }
        writer?.close()
        return writer?.path
    }

    func record(_ entry: TranscriptEntry) {
        state.withLock { record(entry, state: &$0) }
    }

    func record(_ entry: TranscriptEntry, state: inout State) {
        guard state.announced else {
            state.heldEntries.append(entry)
            return
        }
        guard let writer = state.transcript, let error = writer.write(entry) else { return }
        if !state.transcriptFailed {
            state.transcriptFailed = true
            output.write(style.error("smtpc: \(error.message) (the session goes on)"))
        }
    }

    // MARK: Queries

    /// A snapshot of what the prompt and completion need.
    public var snapshot: Snapshot {
        state.withLock { state in
            Snapshot(
                target: state.target, tls: state.tls, isConnected: state.isConnected, machine: state.machine,
                negativeReplies: state.negativeReplies, malformedReplies: state.malformedReplies,
                lostUnexpectedly: state.lostUnexpectedly
            )
        }
    }

    /// What the console knows at one moment.
    public struct Snapshot: Sendable {
        public let target: ConnectTarget?
        public let tls: TLSInfo?
        public let isConnected: Bool
        public let machine: SessionMachine
        public let negativeReplies: Int
        public let malformedReplies: Int
        public let lostUnexpectedly: Bool
    }

    /// Waits until every sent command has its reply, the connection closed, or `timeout` passed.
    /// - Returns: `false` on timeout.
    public func waitForReplies(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let idle = state.withLock { $0.machine.pending.isEmpty || !$0.isConnected }
            if idle { return true }
            let remaining = deadline - .now
            if remaining <= .zero { return false }
            _ = activity.wait(timeout: Clock.dispatchTime(after: remaining))
        }
    }

    /// Waits for the greeting (the first reply) or the connection's end.
    public func waitForGreeting(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let done = state.withLock { $0.machine.greeting != .awaited || !$0.isConnected }
            if done { return true }
            let remaining = deadline - .now
            if remaining <= .zero { return false }
            _ = activity.wait(timeout: Clock.dispatchTime(after: remaining))
        }
    }
}
