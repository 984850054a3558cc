import SMTPCore
import SMTPTranscript
import SMTPTransport

/// Network events: replies (matched to the command they answer), malformed replies,
/// over-long lines, TLS established, the connection closed.
extension ConsoleMachine {
    /// One event from the connection; held while the connect call has not returned, so
    /// that "connected" is shown and recorded before the banner.
    mutating func received(_ input: NetworkInput) -> [Output] {
        switch link {
        case .connected:
            handle(input)
            releaseQueued(at: input.moment)
            return take()
        case .connecting(var opening):
            link = .modifying
            opening.held.append(input)
            link = .connecting(opening)
            return []
        case .disconnected:
            // The rest of a connection already gone (its close after a failed connect call).
            return []
        case .modifying:
            impossible("an event while the link is being changed")
            return []
        }
    }

    /// One network event, the connection being open (``connected(remoteAddress:at:)`` hands
    /// over those held while it opened).
    mutating func handle(_ input: NetworkInput) {
        switch input {
        case .reply(let reply, let now): replyReceived(reply, at: now)
        case .parseError(let error, let now): parseErrorReceived(error, at: now)
        case .overflow(let piece, let now): overflowReceived(piece, at: now)
        case .proxyHeaderSent(let summary, let now):
            let event = TranscriptEvent.proxyHeader(VisibleText.escape(summary))
            recordEvent(event, at: now)
            show(.event(event.text))
        case .tlsEstablished(let info, let now): tlsEstablished(info, at: now)
        case .answerWritten: withConnection { $0.answerWritten = true }
        case .startTLSFinished(let result, let now): startTLSEnded(result, at: now)
        case .closed(let reason, let now): closed(reason, at: now)
        }
    }

    private mutating func replyReceived(_ reply: Reply, at now: Moment) {
        for line in reply.lines {
            record(TranscriptEntry(direction: .server, bytes: line.raw, timestamp: now.wall))
        }
        let before = session
        let outcome = session.replyReceived(reply)
        if session.isAuthenticated, !before.isAuthenticated {
            recordEvent(.authenticated(mechanism: connection?.authMechanism ?? "AUTH"), at: now)
        }
        // LMTP: the end of data stays pending until every recipient's reply is in.
        let stillPending = outcome.answering.map { id in session.pending.contains { $0.id == id } } ?? false
        var command: SentCommand?
        if let id = outcome.answering {
            command = withConnection { stillPending ? $0.commands[id] : $0.commands.removeValue(forKey: id) } ?? nil
        }
        let since = command?.sentAt ?? (outcome.context == .greeting ? connection?.startedAt : nil)
        let elapsed = since.map { Clock.milliseconds(from: $0, to: now.monotonic) }
        if reply.isNegative { negativeReplies += 1 }
        let grouped = command.map { $0.grouped || !session.pending.filter { $0.id != outcome.answering }.isEmpty } ?? false
        let hinted = settings.hints && !(auth != nil && reply.code == 334)
        show(
            .reply(
                ReplyDisplay(
                    reply: reply, context: outcome.context, elapsedMilliseconds: elapsed,
                    answering: grouped ? command?.text : nil, hintSession: hinted ? SessionSnapshot(before) : nil)))
        if reply.lines.contains(where: \.endedWithBareLF) {
            show(.warning("the server ended a line with a bare LF instead of CRLF"))
        }
        for action in outcome.actions {
            switch action {
            case .recordCapabilities:
                session.capabilitiesReceived(Capabilities(ehloReply: reply))
            case .enterDataBody:
                if command?.owner != .transfer {
                    show(.hint("(DATA mode: type the message; a line with a lone . ends it)"))
                }
            case .readChallengeResponse:
                show(.hint(ChallengeText.describe(reply, answeredBySmtpc: auth != nil)))
            case .startTLSHandshake:
                show(
                    .hint(
                        startTLSInFlight
                            ? "(starting the TLS handshake ...)"
                            : "(STARTTLS was sent raw: smtpc does not start TLS for it; the server now waits for "
                                + "a TLS handshake — /reconnect)"
                    ))
            case .transactionEnded, .expectClose:
                break
            case .replyBeforeGreeting:
                show(
                    .warning(
                        "the server sent \(reply.code) before its greeting: a server greets with 220 (or refuses with 554); "
                            + "this reply answers nothing, and the greeting is still awaited (RFC 5321 §3.1)"))
            }
        }
        if outcome.context == .greeting, session.greeting == .ready, let hello = connection?.armedPrelude {
            startPrelude(hello: hello, at: now)
        }
        guard let command else { return }
        switch command.owner {
        case .user:
            if outcome.context == .data, reply.code != 354 { dataRefused() }
        case .auth: authReplied(reply, at: now)
        case .transfer: transferReplied(reply, context: outcome.context, stillPending: stillPending)
        case .prelude: preludeReplied(reply, at: now)
        }
    }

    private mutating func parseErrorReceived(_ error: ReplyParseError, at now: Moment) {
        malformedReplies += 1
        for line in error.abandonedLines {
            record(TranscriptEntry(direction: .server, bytes: line.raw, timestamp: now.wall))
        }
        if error.kind == .lineTooLong {
            // The line goes on: its start opens a transcript line the overflow pieces continue,
            // and it answers a command only once it ends (lines wait behind it till then).
            recordPiece(of: error.line, endsLine: false, at: now)
        } else {
            if !error.line.isEmpty, !error.lineStartsNextReply {
                record(TranscriptEntry(direction: .server, bytes: error.line, timestamp: now.wall))
            }
            malformedReplyAnswered()
        }
        show(.malformed(error))
    }

    /// A reply that could not be read took the place of the oldest command's answer.
    private mutating func malformedReplyAnswered() {
        if let answered = session.malformedReplyReceived() {
            let command = withConnection { $0.commands.removeValue(forKey: answered.id) } ?? nil
            // Whoever waited for that reply gets none: stop what it was doing.
            switch command?.owner {
            case .auth?:
                if case .auth = activity { activity = .idle }
                show(.error("/auth: the server's answer could not be read; the exchange stopped"))
            case .transfer?:
                if case .transfer = activity { activity = .idle }
                show(.error("the server's answer could not be read; the transfer stopped"))
            case .prelude?:
                finishPrelude(.protocolError)
            case .user?, nil:
                break
            }
        }
    }

    /// More of a line too long to be a reply: recorded as it comes; its length told at its end.
    private mutating func overflowReceived(_ piece: ReplyParser.OverflowPiece, at now: Moment) {
        recordPiece(of: piece.bytes, endsLine: piece.endedAtLength != nil, at: now)
        guard let length = piece.endedAtLength else { return }
        let kept = isRecording ? "; the transcript holds all of it" : " (--record or /record keeps such lines whole)"
        show(.warning("the over-long line ended after \(length) bytes\(kept)"))
        malformedReplyAnswered()
    }

    private mutating func recordPiece(of bytes: [UInt8], endsLine: Bool, at now: Moment) {
        if isRecording {
            emit(.recordPiece(TranscriptEntry(direction: .server, bytes: bytes, timestamp: now.wall), endsLine: endsLine))
        }
    }

    private mutating func tlsEstablished(_ info: TLSInfo, at now: Moment) {
        session.tlsEstablished()
        withConnection { $0.tls = info }
        let leaf = info.certificates.first
        let event = TranscriptEvent.tlsEstablished(
            .init(
                protocolVersion: info.protocolVersion, cipher: info.cipherSuite, subject: leaf?.subject, issuer: leaf?.issuer,
                verified: info.isVerified, summary: VisibleText.escape(info.summary)))
        recordEvent(event, at: now)
        show(.event(event.text))
    }

    private mutating func closed(_ reason: ClosedReason, at now: Moment) {
        let expected = session.serverIsClosing || reason == .byClient
        let inBody = session.inputMode == .dataBody
        let awaitingEndOfData = session.pending.contains { $0.context == .endOfData }
        session.connectionClosed()
        // The commands awaited, the TLS details, everything of this connection goes with it.
        link = .disconnected
        if !expected { lostUnexpectedly = true }
        // The reason may quote bytes from the network: never let them reach the terminal raw.
        let event: TranscriptEvent
        switch reason {
        case .byServer: event = .closed(by: .server, reason: nil)
        case .byClient: event = .closed(by: .client, reason: nil)
        case .error(let message): event = .closed(by: .lost, reason: VisibleText.escape(message))
        }
        recordEvent(event, at: now)
        show(.event(event.text))
        if !isTransferring, inBody {
            show(.warning("the connection closed in the middle of a message body: that message was not delivered"))
        } else if !isTransferring, awaitingEndOfData {
            show(
                .warning(
                    "the connection closed before the reply to the end of the message: the server may or may not "
                        + "have accepted it; check before sending it again (RFC 1047)"))
        }
        if !expected {
            show(.hint("(use /reconnect or /connect HOST [PORT] to open a new connection)"))
        }
        // What needed the connection ends with it; a question stays asked, and a STARTTLS
        // in flight awaits its outcome (one that failed closes the connection first).
        switch activity {
        case .auth:
            activity = .idle
            show(.error("/auth: no reply (the connection is gone)"))
        case .transfer(let transfer):
            activity = .idle
            if !transfer.aborted { show(.error("the connection is gone; the message was not completed")) }
        case .prelude(let prelude) where prelude.step != .startTLS:
            finishPrelude(.connectionLost)
        case .idle, .asking, .startTLS, .prelude, .modifying:
            break
        }
    }
}
