import SMTPAuth
import SMTPCore
import SMTPTranscript
import SMTPTransport

/// What smtpc does by itself on the user's behalf: STARTTLS, `--starttls`'s prelude,
/// `/auth`, `/raw` and QUIT.
extension ConsoleMachine {
    /// A running `/auth` exchange.
    struct AuthRun: Sendable {
        var exchange: AuthExchange
        let username: String
    }

    /// `--starttls` before the first prompt: EHLO, STARTTLS, the handshake, EHLO again.
    struct Prelude: Sendable {
        enum Step: Sendable { case hello, startTLS, helloAgain }
        let hello: String
        var step: Step
        /// The option that asked for it, for its refusals: `--starttls`, or `--dane` when
        /// TLSA records require TLS.
        var option = "--starttls"
    }

    // MARK: STARTTLS

    /// `/starttls`: the same as typing STARTTLS.
    mutating func startTLSRequested(at now: Moment) -> [Output] {
        guard isConnected else {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return take()
        }
        // Inside a body STARTTLS would be message text; during a transfer, AUTH or another
        // STARTTLS the conversation is not the console's to interrupt.
        guard session.inputMode == .command, activity.isIdle else {
            show(.error("/starttls needs an idle session (no DATA body, transfer, AUTH or handshake under way)"))
            return take()
        }
        sendStartTLS("STARTTLS", owner: .user, at: now)
        return take()
    }

    /// Sends STARTTLS with the transport's guard armed (the handshake follows a 220);
    /// `written`: the transport sent it already (an armed answer), with its guard.
    mutating func sendStartTLS(_ line: String, owner: Owner, at now: Moment, written: Bool = false) {
        let sent = session.lineSent(line)
        register(sent.id, text: VisibleText.escape(line), owner: owner, at: now)
        record(TranscriptEntry(direction: .client, bytes: Array(line.utf8), timestamp: now.wall))
        // The prelude's STARTTLS is its `.startTLS` step; the user's is an activity of its own.
        var then: [UInt8]?
        switch activity {
        case .prelude(var prelude) where owner == .prelude:
            prelude.step = .startTLS
            activity = .prelude(prelude)
            // The prelude's second EHLO leaves with the client's last handshake message, as
            // `openssl s_client` sends it: no round trip through this thread first.
            then = Self.wire(prelude.hello)
        case .idle where owner == .user:
            activity = .startTLS
        default:
            impossible("STARTTLS from \(owner) while something else runs")
        }
        if !written { emit(.startTLS(command: Self.wire(line), then: then)) }
    }

    /// How the transport's STARTTLS ended: TLS on, declined (a reply other than 220, the
    /// connection unchanged), or failed (handshake, verification or injection; closed).
    ///
    /// The outcome is one of the connection's events: while the connect call has not
    /// returned it is held with them and handled in its place among them, after the reply
    /// to STARTTLS and before the reply to the EHLO the transport sent as TLS came up.
    mutating func startTLSFinished(_ result: Result<StartTLSOutcome, any Error>, at now: Moment) -> [Output] {
        if case .connecting = link { return received(.startTLSFinished(result, now)) }
        startTLSEnded(result, at: now)
        releaseQueued(at: now)
        return take()
    }

    /// The STARTTLS outcome, the connection being open or gone (a failed STARTTLS closes it first).
    mutating func startTLSEnded(_ result: Result<StartTLSOutcome, any Error>, at now: Moment) {
        // The STARTTLS ends here; the prelude, when it sent it, goes on or ends below.
        let prelude: Prelude?
        switch activity {
        case .startTLS: prelude = nil
        case .prelude(let running) where running.step == .startTLS: prelude = running
        default:
            impossible("a STARTTLS outcome with no STARTTLS in flight")
            return
        }
        activity = .idle
        switch result {
        case .success(.established):
            show(.hint("(TLS is on; the server forgot the earlier EHLO: send EHLO again to see its capabilities now)"))
            if var prelude {
                prelude.step = .helloAgain
                activity = .prelude(prelude)
                show(.echo(prelude.hello))
                sendCommand(prelude.hello, owner: .prelude, at: now, written: true)
            }
        case .success(.declined(let reply)):
            if let prelude {
                show(.error("the server answered \(reply.code) to STARTTLS; refusing to go on in plaintext (\(prelude.option))"))
                emit(.close)
                finishPrelude(.startTLSUnavailable)
            }
        case .failure(let error):
            if let error = error as? TLSError {
                show(.tlsFailed(error))
            } else {
                show(.error("STARTTLS failed: \(VisibleText.escape("\(error)"))"))
            }
            emit(.close)
            if prelude != nil {
                finishPrelude(.tlsFailure)
            } else if settings.pacing != .interactive {
                stop(with: .tlsFailure)
            }
        }
    }

    // MARK: --starttls

    /// Arms `--starttls`'s prelude on the connection being opened: the transport is to
    /// answer a 220 greeting with `hello` and an EHLO reply advertising STARTTLS with
    /// STARTTLS (then `hello` again once TLS is up), by itself (``ArmedAnswer``). A 220
    /// greeting starts the prelude here with the same `hello` as it is handled, even when it
    /// is handled among the events held while the connection opened; the transport's
    /// ``NetworkInput/answerWritten(_:)`` says whether it wrote the command or left it to
    /// the machine.
    mutating func preludeArmed(hello: String) -> [Output] {
        guard case .connecting(var opening) = link else {
            impossible("a prelude armed with no connection being opened")
            return take()
        }
        opening.armedPrelude = hello
        link = .connecting(opening)
        let line = Self.wire(hello)
        emit(
            .arm([
                PreparedAnswer(trigger: .greeting, command: line),
                PreparedAnswer(
                    trigger: .advertising("STARTTLS"), command: Self.wire("STARTTLS"), startsTLS: true, then: line),
            ]))
        return take()
    }

    /// Starts `--starttls`'s prelude: EHLO (or LHLO) now, the rest as replies come. For a
    /// greeting other than 220, or none; an armed prelude starts by itself.
    mutating func preludeStarted(hello: String, option: String = "--starttls", at now: Moment) -> [Output] {
        guard isConnected else {
            preludeOutcome = .connectionLost
            return take()
        }
        guard activity.isIdle else {
            impossible("a prelude started while something else runs")
            return take()
        }
        startPrelude(hello: hello, option: option, at: now)
        return take()
    }

    mutating func startPrelude(hello: String, option: String = "--starttls", at now: Moment) {
        withConnection { $0.armedPrelude = nil }
        activity = .prelude(Prelude(hello: hello, step: .hello, option: option))
        show(.echo(hello))
        sendCommand(hello, owner: .prelude, at: now, written: takeAnswerWritten())
    }

    /// A reply to one of the prelude's commands.
    mutating func preludeReplied(_ reply: Reply, at now: Moment) {
        // The transport's outcome may end the prelude before the reply to its STARTTLS is
        // handled (a refusal): that reply finds none.
        guard let prelude else { return }
        switch prelude.step {
        case .hello:
            guard session.extensions?.contains("STARTTLS") == true else {
                show(
                    .error(
                        "\(target?.description ?? "the server") does not offer STARTTLS; refusing to go on in plaintext (\(prelude.option))"
                    ))
                emit(.close)
                finishPrelude(.startTLSUnavailable)
                return
            }
            show(.echo("STARTTLS"))
            sendStartTLS("STARTTLS", owner: .prelude, at: now, written: takeAnswerWritten())
        case .startTLS:
            break  // the transport's outcome decides (startTLSFinished)
        case .helloAgain:
            finishPrelude(.success)
        }
    }

    /// Whether the transport wrote the prelude's next command already; once.
    private mutating func takeAnswerWritten() -> Bool {
        withConnection { connection in
            defer { connection.answerWritten = false }
            return connection.answerWritten
        } ?? false
    }

    /// The prelude is over with `status` (`.success`: TLS on). A STARTTLS it sent stays in
    /// flight: the transport's outcome is still to come.
    mutating func finishPrelude(_ status: ExitStatus) {
        if case .prelude(let prelude) = activity { activity = prelude.step == .startTLS ? .startTLS : .idle }
        if preludeOutcome == nil { preludeOutcome = status }
    }

    // MARK: /auth

    /// `/auth`: the exchange (credentials already collected) starts with its AUTH line;
    /// each 334 is answered by the mechanism, every line shown redacted.
    mutating func authStarted(_ exchange: AuthExchange, username: String, at now: Moment) -> [Output] {
        guard isConnected else {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return take()
        }
        guard activity.isIdle else {
            show(.error("/auth needs an idle session (no transfer, AUTH or handshake under way)"))
            return take()
        }
        var exchange = exchange
        let line = exchange.start(initialResponseAllowed: true)
        activity = .auth(AuthRun(exchange: exchange, username: username))
        withConnection { $0.authMechanism = exchange.mechanism.name }
        sendAuthLine(line, at: now)
        return take()
    }

    private mutating func sendAuthLine(_ line: AuthLine, at now: Moment) {
        show(.echo(line.displayText, note: line.summary))
        let sent = session.lineSent(line.unredactedText)
        record(
            TranscriptEntry(
                direction: .client, bytes: Array(line.unredactedText.utf8), timestamp: now.wall, isSecret: true,
                redactedText: line.displayText))
        emit(.write(line.wireBytes))
        register(sent.id, text: line.displayText, owner: .auth, at: now)
    }

    /// A reply to the exchange's latest line.
    mutating func authReplied(_ reply: Reply, at now: Moment) {
        guard case .auth(var run) = activity else {
            impossible("a reply to /auth with no exchange under way")
            return
        }
        let step = run.exchange.replyReceived(reply)
        switch step {
        case .send(let next, _):
            activity = .auth(run)
            sendAuthLine(next, at: now)
        case .finished(.succeeded):
            activity = .idle
            show(.hint("(authenticated as \(run.username) with \(run.exchange.mechanism.name))"))
        case .finished(.failed(let failure)):
            activity = .idle
            show(.warning(VisibleText.escape(failure.explanation)))
        }
    }
}
