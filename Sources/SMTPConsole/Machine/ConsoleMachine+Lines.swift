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
    mutating func typed(_ lines: [String], at now: Moment) -> [Output] {
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
        metaRunning = false
        releaseQueued(at: now)
        return take()
    }

    /// Whether the next held line must wait.
    private var mustHold: Bool {
        // A failed STARTTLS closes the connection before its outcome arrives: wait for it.
        if metaRunning || question != nil || startTLSInFlight { return true }
        guard link == .connected else { return link == .connecting }
        if session.isAwaitingTLSHandshake { return true }
        if auth != nil || transfer != nil || prelude != nil { return true }
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
            if settings.pacing != .interactive, link == .connected, !session.pending.isEmpty,
                MetaCommands.isMetaCommand(line, in: session.inputMode)
            {
                return
            }
            queueHead += 1
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
            guard link == .connected else {
                notConnected(line)
                continue
            }
            send(typed: line, at: now)
        }
    }

    /// `--pipeline` to a server that did not advertise PIPELINING: refused (RFC 2920 §3.1).
    private mutating func refusesPipelining() -> Bool {
        // With --starttls the check waits for the EHLO after TLS: some servers offer
        // PIPELINING only then.
        guard settings.pacing == .pipelined, link == .connected, session.hello != nil, prelude == nil else { return false }
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
    private mutating func send(typed line: String, at now: Moment) {
        let echoes = settings.pacing != .interactive
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
            emit(.write(Array(line.utf8) + [0x0D, 0x0A]))
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
            authMechanism = line.split(separator: " ").dropFirst().first.map { VisibleText.escape(String($0).uppercased()) }
        }
        let redacted = Redaction.displayText(of: line, sent: sent)
        record(
            TranscriptEntry(
                direction: .client, bytes: Array(line.utf8), timestamp: now.wall, isSecret: sent.isSecret,
                redactedText: redacted))
        if !written { emit(.write(Array(line.utf8) + [0x0D, 0x0A])) }
        if sent.kind != .bodyLine {
            register(sent.id, text: redacted ?? VisibleText.escape(line), owner: owner, at: now)
        }
        return sent
    }

    /// Remembers a sent command until its reply arrives.
    mutating func register(_ id: Int, text: String, owner: Owner, at now: Moment) {
        let grouped = session.pending.contains { $0.id != id }
        commands[id] = SentCommand(text: text, sentAt: now.monotonic, owner: owner, grouped: grouped)
    }

    /// One warning per connection when commands go out before the previous reply to a
    /// server that did not advertise PIPELINING.
    private mutating func warnIfPipeliningUnadvertised() {
        guard !warnedAboutUnadvertisedPipelining, !session.pending.isEmpty else { return }
        guard session.extensions?.contains("PIPELINING") != true else { return }
        warnedAboutUnadvertisedPipelining = true
        show(
            .warning(
                "sent before the previous reply arrived, but the server did not advertise PIPELINING: "
                    + "it may drop or refuse the command (RFC 2920 §3.1)"))
    }

    // MARK: A refused DATA

    /// DATA got something other than 354: lines held after it must not be sent as commands.
    mutating func dataRefused() {
        let held = queue.count - queueHead
        switch settings.pacing {
        case .interactive:
            guard held > 0 else { return }
            question = .heldLinesAfterRefusedData(count: held)
            show(.warning("DATA was refused: the \(held) line(s) typed after it were not sent"))
        case .lockstep, .pipelined:
            // The script's body lines, up to the lone dot, are skipped.
            var skipped = 0
            while queueHead < queue.count {
                let line = queue[queueHead]
                queueHead += 1
                skipped += 1
                if line == "." {
                    show(.warning("DATA was refused: the \(skipped) line(s) of its body were not sent"))
                    return
                }
            }
            queue.removeAll()
            queueHead = 0
            discardingRefusedBody = true
            show(.warning("DATA was refused: the lines of its body are not sent"))
        }
    }

    // MARK: Questions

    /// The user answered the question being asked.
    private mutating func answer(_ line: String, at now: Moment) {
        let yes = ["y", "yes"].contains(line.trimmingCharacters(in: " ").lowercased())
        let asked = question
        question = nil
        switch asked {
        case .heldLinesAfterRefusedData:
            if !yes {
                let dropped = queue.count - queueHead
                queue.removeAll()
                queueHead = 0
                show(.hint("(the \(dropped) held line(s) were dropped)"))
            }
        case .sendOverSizeLimit(let plan, _):
            if yes {
                beginTransfer(plan, at: now)
            } else {
                show(.hint("(not sent)"))
            }
        case .abortTransfer:
            if yes { abortTransfer() }
        case nil:
            break
        }
    }

    /// Ctrl-C during a transfer: ask before dropping the connection.
    mutating func interruptedDuringTransfer() -> [Output] {
        if transfer != nil, question == nil { question = .abortTransfer }
        return take()
    }

    /// A script timed out: the lines it still holds are never sent.
    mutating func timedOut() -> [Output] {
        stop(with: .timeout)
        queue.removeAll()
        queueHead = 0
        return take()
    }

    /// Ctrl-C at an empty prompt while lines wait behind an unanswered command (a server
    /// that does not answer DATA, say): the waiting lines are abandoned, and the user told
    /// what is still unanswered. Nothing already sent can be taken back.
    mutating func interruptedWhileWaiting() -> [Output] {
        let held = heldLines.count
        guard held > 0, transfer == nil, question == nil else { return take() }
        queue.removeAll()
        queueHead = 0
        let waiting = oldestUnanswered.map { " (still waiting for the reply to \($0))" } ?? ""
        show(.hint("(\(held) line(s) waiting to be sent were abandoned\(waiting))"))
        return take()
    }
}
