import SMTPAuth
import SMTPCore
import SMTPTranscript
import SMTPTransport

/// `/raw`, QUIT on leaving, and a greeting that does not come.
extension ConsoleMachine {
    /// `/raw`: bytes exactly as given; the lines they complete are matched like typed ones.
    mutating func rawSent(_ bytes: [UInt8], at now: Moment) -> [Output] {
        guard isConnected else {
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
        // No question stays asked.
        switch activity {
        case .asking: activity = .idle
        case .transfer: withTransfer { $0.askingToStop = false }
        default: break
        }
        guard isConnected else {
            if isConnecting { emit(.close) }
            return take()
        }
        // QUIT only where the server can take it: never before its greeting (a server that
        // never greets would never answer), in a body, a transfer or a handshake.
        if !session.serverIsClosing, session.greeting != .awaited, session.inputMode == .command, !isTransferring,
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
        guard isConnected, session.greeting == .awaited, settings.pacing == .interactive else { return [] }
        show(
            .warning(
                "no greeting from the server after \(seconds) s: it may be tarpitting on purpose. "
                    + "Keep waiting, or /quit (nothing is sent before the greeting)"))
        return take()
    }
}
