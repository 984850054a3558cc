extension SessionMachine {
    /// A short plain-English account of the conversation for `/state`: where it is,
    /// what is known about the server, and which commands may come next and why.
    public func describe() -> String {
        var lines = [phaseSentence]
        if !isClosed && greeting != .awaited { lines.append(securitySentence) }
        if !pending.isEmpty {
            let names = pending.map { $0.verb == .unknown ? label(for: $0.context) : $0.verb.rawValue }
            let replies = pending.count == 1 ? "1 reply" : "\(pending.count) replies"
            lines.append("Waiting for \(replies): \(names.joined(separator: ", ")).")
        }
        let steps = nextSteps
        if !steps.isEmpty {
            lines.append("Next:")
            lines += steps.map { "  \(Self.template(for: $0.verb)) \u{2014} \($0.why)" }
        }
        return lines.joined(separator: "\n")
    }

    /// One sentence naming the phase.
    private var phaseSentence: String {
        switch phase {
        case .awaitingGreeting: "Connected; waiting for the server's greeting (220)."
        case .refused: "The server refused the session in its greeting; send QUIT."
        case .greeted: "Greeted by the server; introduce yourself with \(isLMTP ? "LHLO" : "EHLO (or HELO)")."
        case .ready(let hello): "\(hello.rawValue) accepted\(extensionsNote); no mail transaction open."
        case .authenticating:
            inputMode == .authResponse
                ? "Authenticating: the next line answers the server's 334 challenge (it is not stored; `*` cancels)."
                : "Authenticating: waiting for the server's reply."
        case .awaitingTLSHandshake: "The server agreed to STARTTLS; the TLS handshake comes next."
        case .inTransaction(let count): "In a mail transaction: sender accepted, \(recipients(count)) accepted\(rejectedNote)."
        case .awaitingDataReply: "DATA sent; waiting for 354 before the message body."
        case .dataBody: "Writing the message body: lines starting with `.` are dot-stuffed, a lone `.` ends it."
        case .awaitingEndOfData(let replies):
            replies == 1
                ? "Message sent; waiting for the server to accept or refuse it."
                : "Message sent; waiting for \(replies) replies (LMTP answers once per recipient)."
        case .bdat(let count): "Sending the message in BDAT chunks to \(recipients(count))."
        case .closed: "Not connected. Use /reconnect or /connect HOST [PORT]."
        }
    }

    /// TLS and authentication, in one sentence.
    private var securitySentence: String {
        let tls = isTLSActive ? "TLS active" : "no TLS (plaintext)"
        let auth = isAuthenticated ? "authenticated" : "not authenticated"
        return "Connection: \(tls), \(auth)\(serverIsClosing ? ", the server is closing it" : "")."
    }

    private var extensionsNote: String {
        guard hello != .helo else { return " (no extensions with HELO)" }
        return extensions == nil ? "" : " (extensions known)"
    }

    private var rejectedNote: String {
        let rejected = transaction?.rejectedRecipients ?? 0
        return rejected == 0 ? "" : " (\(rejected) refused)"
    }

    private func recipients(_ count: Int) -> String {
        count == 1 ? "1 recipient" : "\(count) recipients"
    }

    private func label(for context: ReplyContext) -> String {
        context == .endOfData ? "end of data" : context.rawValue
    }

    /// How a verb is typed, with its argument shape, for the "Next:" list.
    static func template(for verb: SMTPVerb) -> String {
        switch verb {
        case .helo, .ehlo, .lhlo: "\(verb.rawValue) your.host.name"
        case .mail: "MAIL FROM:<sender@example.com>"
        case .rcpt: "RCPT TO:<recipient@example.com>"
        case .bdat: "BDAT <size> [LAST]"
        case .auth: "AUTH <mechanism>"
        case .vrfy: "VRFY <address>"
        default: verb.rawValue
        }
    }
}
