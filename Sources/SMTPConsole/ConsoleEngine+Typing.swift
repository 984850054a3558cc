import SMTPCore

extension ConsoleEngine {
    /// What became of a typed line.
    public struct Typed: Sendable {
        /// The line was sent (false: not connected).
        public let sent: Bool
        /// May the line go into the history file? Never for AUTH lines, answers to 334
        /// challenges or DATA body lines.
        public let belongsInHistory: Bool
        /// A typed STARTTLS led to a failed handshake (the connection is closed).
        public var tlsFailed = false
    }

    /// Sends a typed SMTP line (not a meta-command): warns about a line the server will
    /// likely reject, dot-stuffs body lines, and never rewrites commands.
    public func type(_ line: String) -> Typed {
        let machine = snapshot.machine
        var notes = machine.warnings(for: line).map { style.warning("  ! " + $0) }
        if machine.inputMode == .command, SMTPVerb(line: line) == .startTLS, snapshot.isConnected {
            if !notes.isEmpty { output.write(lines: notes) }
            var typed = Typed(sent: true, belongsInHistory: true)
            if case .failed = startTLS(line: line) { typed.tlsFailed = true }
            return typed
        }
        var wire = Array(line.utf8) + [0x0D, 0x0A]
        if machine.inputMode == .dataBody {
            let body = BodyLine(typed: line)
            wire = body.bytes
            if body.wasStuffed {
                notes.append(style.hint("  (dot-stuffed: sent as \"\(VisibleText.escape(body.bytes.dropLast(2)))\" — RFC 5321 §4.5.2)"))
            }
        }
        let sent = send(line: line, wire: wire)
        guard let sent else {
            output.write(style.error("smtpc: not connected — use /connect HOST [PORT] or /reconnect"))
            return Typed(sent: false, belongsInHistory: machine.inputMode == .command)
        }
        if !notes.isEmpty { output.write(lines: notes) }
        return Typed(sent: true, belongsInHistory: sent.belongsInHistory)
    }

    /// Sends QUIT when connected, waits up to `timeout` for the 221 and the close, then closes.
    public func quit(timeout: Duration = .seconds(2)) {
        let snapshot = self.snapshot
        if snapshot.isConnected, !snapshot.machine.serverIsClosing {
            if snapshot.machine.inputMode == .command, send(line: "QUIT") != nil {
                _ = waitForReplies(timeout: timeout)
            }
        }
        disconnect()
    }
}
