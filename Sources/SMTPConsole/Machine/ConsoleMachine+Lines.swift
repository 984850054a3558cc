import SMTPCore
import SMTPTranscript

/// Typed lines: queued, released when the conversation allows, and sent as what the
/// session makes them (a command, a body line, the answer to a challenge).
extension ConsoleMachine {
    /// The user typed these lines (or the script supplied them), in order.
    ///
    /// A line is sent at once unless a synchronisation point is outstanding (RFC 2920
    /// §3.1: EHLO, DATA, BDAT LAST, STARTTLS, AUTH, QUIT) or, in lockstep script mode, any
    /// reply is. Held lines are released when the reply comes, and then read as what that
    /// reply made them: a DATA block pasted in one go becomes body once the 354 arrives.
    ///
    /// `composed`: lines a meta-command typed for the user (`/compose`): they go before any
    /// line still held (a script's next lines), and each is shown as it goes out.
    mutating func typed(_ lines: [String], at now: Moment, composed: Bool = false) -> [Output] {
        if composed {
            queue.insert(contentsOf: lines, at: queueHead)
            echo = EchoedLines(count: lines.count)
            releaseQueued(at: now)
            return take()
        }
        for line in lines {
            if question != nil {
                answer(line, at: now)
                continue
            }
            if discardingRefusedBody {
                if line == "." { discardingRefusedBody = false }
                continue
            }
            queue.append(line)
        }
        releaseQueued(at: now)
        return take()
    }

    /// The loop finished running a meta-command handed out with `.runMeta`.
    mutating func metaCommandFinished(at now: Moment) -> [Output] {
        guard metaRunning else {
            impossible("a meta-command finished with none running")
            return []
        }
        metaRunning = false
        releaseQueued(at: now)
        return take()
    }

    /// Whether the next held line must wait.
    private var mustHold: Bool {
        // A question, and a STARTTLS in flight even once the connection closed (a failed
        // STARTTLS closes it before its outcome arrives), hold them.
        if metaRunning || question != nil || startTLSInFlight { return true }
        switch link {
        case .connected: break
        case .connecting, .modifying: return true
        case .disconnected: return false
        }
        if session.isAwaitingTLSHandshake || !activity.isIdle { return true }
        // RFC 5321 §3.1: the client waits for the greeting.
        if session.greeting == .awaited { return true }
        switch session.inputMode {
        case .dataBody, .authResponse: return false
        case .command: break
        }
        if session.pending.contains(where: Self.isSynchronisationPoint) { return true }
        return settings.pacing == .lockstep && !session.pending.isEmpty
    }

    /// Commands after which nothing may be sent before their reply: those RFC 2920 §3.1
    /// puts last in a group (EHLO, DATA, VRFY, EXPN, NOOP, QUIT; HELO and LHLO alike), BDAT
    /// LAST (RFC 3030 §4.2), STARTTLS (RFC 3207), AUTH and the answer to a 334 (RFC 4954).
    /// The lone `.` that ends a DATA body is not one: message content may be the first
    /// "command" of a group, so the next MAIL, RCPT and DATA may follow it at once.
    static func isSynchronisationPoint(_ command: PendingCommand) -> Bool {
        switch command.verb {
        case .ehlo, .helo, .lhlo, .data, .vrfy, .expn, .noop, .startTLS, .auth, .quit: return true
        case .bdat: return command.context == .endOfData
        default: return command.context == .authResponse
        }
    }

    /// Sends held lines for as long as the conversation allows.
    mutating func releaseQueued(at now: Moment) {
        if refusesPipelining() { return }
        while queueHead < queue.count, !mustHold {
            let line = queue[queueHead]
            // In a script a meta-command looks at the conversation (/inbox, /state, /send):
            // it waits for every reply, pipelined or not.
            if settings.pacing != .interactive, isConnected, !session.pending.isEmpty,
                MetaCommands.isMetaCommand(line, in: session.inputMode)
            {
                return
            }
            queueHead += 1
            let echoes = echo.next()
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            } else if queueHead >= 4096 {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            if MetaCommands.isMetaCommand(line, in: session.inputMode) {
                metaRunning = true
                emit(.runMeta(line))
                return
            }
            guard isConnected else {
                notConnected(line)
                continue
            }
            send(typed: line, at: now, echoed: echoes)
        }
    }

    /// `--pipeline` to a server that did not advertise PIPELINING: refused (RFC 2920 §3.1).
    private mutating func refusesPipelining() -> Bool {
        // With --starttls the check waits for the EHLO after TLS: some servers offer
        // PIPELINING only then.
        guard settings.pacing == .pipelined, isConnected, session.hello != nil, prelude == nil else { return false }
        guard session.extensions?.contains("PIPELINING") != true else { return false }
        if stopStatus == nil {
            show(
                .error(
                    "--pipeline: \(target?.description ?? "the server") did not advertise PIPELINING (RFC 2920), "
                        + "so commands may not be sent in groups; run without --pipeline"))
            emit(.close)
            stop(with: .usage)
        }
        return true
    }

    /// A line that cannot go anywhere: said once; script mode stops.
    private mutating func notConnected(_ line: String) {
        if settings.pacing == .interactive {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            if session.inputMode == .command { emit(.addHistory(line)) }
            return
        }
        show(.error("not connected; not sent: \(VisibleText.escape(line))"))
        stop(with: lostUnexpectedly ? .connectionLost : .unavailable)
        queue.removeAll()
        queueHead = 0
    }

    /// Sends one typed line as the session reads it now.
    private mutating func send(typed line: String, at now: Moment, echoed: Bool) {
        let echoes = echoed || settings.pacing != .interactive
        switch session.inputMode {
        case .dataBody:
            // The renderer makes it visible (it escapes every echo).
            if echoes { show(.echo(line)) }
            let body = BodyLine(typed: line)
            let sent = session.lineSent(line)
            record(TranscriptEntry(direction: .client, bytes: Array(body.bytes.dropLast(2)), timestamp: now.wall))
            emit(.write(body.bytes))
            if body.wasStuffed {
                show(.hint("(dot-stuffed: sent as \"\(VisibleText.escape(body.bytes.dropLast(2)))\" — RFC 5321 §4.5.2)"))
            }
            if sent.kind == .endOfBody { register(sent.id, text: ".", owner: .user, at: now) }
        case .authResponse:
            if echoes { show(.echo(Redaction.placeholder)) }
            let sent = session.lineSent(line)
            record(
                TranscriptEntry(
                    direction: .client, bytes: Array(line.utf8), timestamp: now.wall, isSecret: true,
                    redactedText: Redaction.placeholder))
            emit(.write(Self.wire(line)))
            register(sent.id, text: Redaction.placeholder, owner: .user, at: now)
        case .command:
            if echoes { show(.echo(Redaction.echo(of: line, in: .command))) }
            // Worked out when rendered, after the line is on its way.
            show(.commandWarnings(line: line, before: SessionSnapshot(session)))
            warnIfPipeliningUnadvertised()
            if SMTPVerb(line: line) == .startTLS {
                emit(.addHistory(line))
                sendStartTLS(line, owner: .user, at: now)
                return
            }
            let sent = sendCommand(line, owner: .user, at: now)
            if sent.belongsInHistory { emit(.addHistory(line)) }
        }
    }

    /// Sends a command line (CRLF appended) for `owner`, recorded (redacted when secret) and
    /// remembered until its reply.
    /// `written`: the transport sent it already (the `then` of `.startTLS`).
    @discardableResult
    mutating func sendCommand(_ line: String, owner: Owner, at now: Moment, written: Bool = false) -> SentLine {
        let sent = session.lineSent(line)
        if case .command(.auth) = sent.kind {
            let mechanism = line.split(separator: " ").dropFirst().first.map { VisibleText.escape(String($0).uppercased()) }
            withConnection { $0.authMechanism = mechanism }
        }
        let redacted = Redaction.displayText(of: line, sent: sent)
        record(
            TranscriptEntry(
                direction: .client, bytes: Array(line.utf8), timestamp: now.wall, isSecret: sent.isSecret,
                redactedText: redacted))
        if !written { emit(.write(Self.wire(line))) }
        if sent.kind != .bodyLine {
            register(sent.id, text: redacted ?? VisibleText.escape(line), owner: owner, at: now)
        }
        return sent
    }

    /// Remembers a sent command until its reply arrives.
    mutating func register(_ id: Int, text: String, owner: Owner, at now: Moment) {
        let grouped = session.pending.contains { $0.id != id }
        // Without a connection nothing is awaited: the command went nowhere.
        withConnection { $0.commands[id] = SentCommand(text: text, sentAt: now.monotonic, owner: owner, grouped: grouped) }
    }

    /// One warning per connection when commands go out before the previous reply to a
    /// server that did not advertise PIPELINING.
    private mutating func warnIfPipeliningUnadvertised() {
        guard connection?.warnedAboutUnadvertisedPipelining == false, !session.pending.isEmpty else { return }
        guard session.extensions?.contains("PIPELINING") != true else { return }
        withConnection { $0.warnedAboutUnadvertisedPipelining = true }
        show(
            .warning(
                "sent before the previous reply arrived, but the server did not advertise PIPELINING: "
                    + "it may drop or refuse the command (RFC 2920 §3.1)"))
    }
}

/// Lines typed for the user (`/compose`) that the console shows as they go out, as script
/// mode shows every line: the next `count` taken from the queue.
struct EchoedLines: Sendable {
    var count = 0

    /// Whether the next line taken from the queue is one of them.
    mutating func next() -> Bool {
        guard count > 0 else { return false }
        count -= 1
        return true
    }
}
