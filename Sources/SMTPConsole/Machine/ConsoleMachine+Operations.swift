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
    }

    // MARK: STARTTLS

    /// `/starttls`: the same as typing STARTTLS.
    mutating func startTLSRequested(at now: Moment) -> [Output] {
        guard link == .connected else {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return take()
        }
        // Inside a body STARTTLS would be message text; during a transfer, AUTH or another
        // STARTTLS the conversation is not the console's to interrupt.
        guard session.inputMode == .command, transfer == nil, auth == nil, prelude == nil, !startTLSInFlight else {
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
        startTLSInFlight = true
        // The prelude's second EHLO leaves with the client's last handshake message, as
        // `openssl s_client` sends it: no round trip through this thread first.
        let then = owner == .prelude ? prelude.map { Array($0.hello.utf8) + [0x0D, 0x0A] } : nil
        if !written { emit(.startTLS(command: Array(line.utf8) + [0x0D, 0x0A], then: then)) }
    }

    /// How the transport's STARTTLS ended: TLS on, declined (a reply other than 220, the
    /// connection unchanged), or failed (handshake, verification or injection; closed).
    mutating func startTLSFinished(_ result: Result<StartTLSOutcome, any Error>, at now: Moment) -> [Output] {
        guard startTLSInFlight else { return [] }
        startTLSInFlight = false
        switch result {
        case .success(.established):
            show(.hint("(TLS is on; the server forgot the earlier EHLO: send EHLO again to see its capabilities now)"))
            if let prelude, prelude.step == .startTLS {
                self.prelude?.step = .helloAgain
                show(.echo(prelude.hello))
                sendCommand(prelude.hello, owner: .prelude, at: now, written: true)
            }
        case .success(.declined(let reply)):
            if prelude != nil {
                show(.error("the server answered \(reply.code) to STARTTLS; refusing to go on in plaintext (--starttls)"))
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
        releaseQueued(at: now)
        return take()
    }

    // MARK: --starttls

    /// Arms `--starttls`'s prelude on the connection being opened: a 220 greeting starts it
    /// with `hello` as the greeting is handled, in step with the transport, which answers
    /// that greeting with the same EHLO by itself (``ArmedAnswer``), even when the greeting
    /// is handled among the events held while the connection opened.
    mutating func preludeArmed(hello: String) {
        if link == .connecting { armedPrelude = hello }
    }

    /// Starts `--starttls`'s prelude: EHLO (or LHLO) now, the rest as replies come. For a
    /// greeting other than 220, or none; an armed prelude starts by itself.
    mutating func preludeStarted(hello: String, at now: Moment) -> [Output] {
        guard link == .connected else {
            armedPrelude = nil
            preludeOutcome = .connectionLost
            return take()
        }
        startPrelude(hello: hello, at: now)
        return take()
    }

    mutating func startPrelude(hello: String, at now: Moment) {
        armedPrelude = nil
        prelude = Prelude(hello: hello, step: .hello)
        show(.echo(hello))
        sendCommand(hello, owner: .prelude, at: now, written: takeAnswerWritten())
    }

    /// A reply to one of the prelude's commands.
    mutating func preludeReplied(_ reply: Reply, at now: Moment) {
        guard let prelude else { return }
        switch prelude.step {
        case .hello:
            guard session.extensions?.contains("STARTTLS") == true else {
                show(
                    .error(
                        "\(target?.description ?? "the server") does not offer STARTTLS; refusing to go on in plaintext (--starttls)"
                    ))
                emit(.close)
                finishPrelude(.startTLSUnavailable)
                return
            }
            self.prelude?.step = .startTLS
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
        defer { answerWritten = false }
        return answerWritten
    }

    /// The prelude is over with `status` (`.success`: TLS on).
    mutating func finishPrelude(_ status: ExitStatus) {
        prelude = nil
        if preludeOutcome == nil { preludeOutcome = status }
    }

    // MARK: /auth

    /// `/auth`: the exchange (credentials already collected) starts with its AUTH line;
    /// each 334 is answered by the mechanism, every line shown redacted.
    mutating func authStarted(_ exchange: AuthExchange, username: String, at now: Moment) -> [Output] {
        guard link == .connected else {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return take()
        }
        var exchange = exchange
        let line = exchange.start(initialResponseAllowed: true)
        auth = AuthRun(exchange: exchange, username: username)
        authMechanism = exchange.mechanism.name
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
        guard var run = auth else { return }
        let step = run.exchange.replyReceived(reply)
        auth = run
        switch step {
        case .send(let next, _):
            sendAuthLine(next, at: now)
        case .finished(.succeeded):
            auth = nil
            show(.hint("(authenticated as \(run.username) with \(run.exchange.mechanism.name))"))
        case .finished(.failed(let failure)):
            auth = nil
            show(.warning(VisibleText.escape(failure.explanation)))
        }
    }

    // MARK: /raw and QUIT

    /// `/raw`: bytes exactly as given; the lines they complete are matched like typed ones.
    mutating func rawSent(_ bytes: [UInt8], at now: Moment) -> [Output] {
        guard link == .connected else {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return take()
        }
        let sentLines = session.rawBytesSent(bytes)
        for sent in sentLines where sent.kind != .bodyLine {
            register(sent.id, text: sent.isSecret ? Redaction.placeholder : "the /raw line", owner: .user, at: now)
        }
        // Raw bytes may carry AUTH or a 334 answer: redacted like typed ones.
        let secret = sentLines.contains(where: \.isSecret)
        record(
            TranscriptEntry(
                direction: .client, bytes: bytes, timestamp: now.wall, isSecret: secret,
                redactedText: secret ? "[redacted: \(bytes.count) raw bytes]" : nil))
        emit(.write(bytes))
        show(.hint("(sent \(bytes.count) bytes: \(VisibleText.escape(bytes)))"))
        return take()
    }

    /// `/quit` or Ctrl-D: QUIT when it can be sent (connected, in command mode, the server
    /// not already closing); otherwise the connection is just closed.
    mutating func quitRequested(at now: Moment) -> [Output] {
        queue.removeAll()
        queueHead = 0
        question = nil
        guard link == .connected else {
            if link == .connecting { emit(.close) }
            return take()
        }
        // QUIT only where the server can take it: never before its greeting (a server that
        // never greets would never answer), in a body, a transfer or a handshake.
        if !session.serverIsClosing, session.greeting != .awaited, session.inputMode == .command, transfer == nil,
            !startTLSInFlight, !session.isAwaitingTLSHandshake
        {
            sendCommand("QUIT", owner: .user, at: now)
        } else {
            emit(.close)
        }
        return take()
    }

    /// `--timeout` passed since the connection opened; when the greeting has still not
    /// come, the console says so (script mode ends with its own timeout instead).
    mutating func greetingOverdue(after seconds: Int, at now: Moment) -> [Output] {
        guard link == .connected, session.greeting == .awaited, settings.pacing == .interactive else { return [] }
        show(
            .warning(
                "no greeting from the server after \(seconds) s: it may be tarpitting on purpose. "
                    + "Keep waiting, or /quit (nothing is sent before the greeting)"))
        return take()
    }
}
