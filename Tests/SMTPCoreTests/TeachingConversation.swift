import SMTPCore
import Testing

/// A conversation driven the way the console drives it, for the teaching tests.
///
/// Lines sent go through `SessionMachine.lineSent`; replies are real bytes through
/// `ReplyParser`, and each hint is asked with the machine as it was before the reply.
struct TeachingConversation {
    var machine: SessionMachine
    /// The hint after the last reply received.
    private(set) var lastHint: String?

    /// A new conversation, with `script` already played (see `play`).
    init(lmtp: Bool = false, after script: [String] = []) {
        machine = SessionMachine(lmtp: lmtp)
        play(script)
    }

    /// Plays a script: `"C: line"` is sent, `"S: reply"` is received (lines of a
    /// multi-line reply separated by `\n`), `"TLS"` completes a TLS handshake.
    mutating func play(_ script: [String]) {
        for step in script {
            if step == "TLS" {
                machine.tlsEstablished()
            } else if step.hasPrefix("C: ") {
                machine.lineSent(String(step.dropFirst(3)))
            } else if step.hasPrefix("S: ") {
                receive(String(step.dropFirst(3)))
            } else {
                Issue.record("not a script step: \(step)")
            }
        }
    }

    /// Receives one reply written as text (`\n` between its lines) and returns its hint.
    @discardableResult
    mutating func receive(_ text: String) -> String? {
        let wire = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\r\n" }.joined()
        var parser = ReplyParser()
        let replies = parser.feed(Array(wire.utf8)).compactMap { event -> Reply? in
            if case .reply(let reply) = event { return reply }
            return nil
        }
        guard replies.count == 1, let reply = replies.first else {
            Issue.record("expected exactly one reply in \(text.debugDescription), parsed \(replies.count)")
            lastHint = nil
            return nil
        }
        let before = machine
        let outcome = machine.replyReceived(reply)
        if outcome.actions.contains(.recordCapabilities) {
            machine.capabilitiesReceived(Capabilities(ehloReply: reply))
        }
        lastHint = Hints.hint(for: reply, context: outcome.context, before: before)
        return lastHint
    }

    /// Sends `line`, then receives `reply` and returns its hint.
    @discardableResult
    mutating func exchange(_ line: String, _ reply: String) -> String? {
        machine.lineSent(line)
        return receive(reply)
    }
}

/// Conversation openings shared by the teaching tests (what Postfix sends, in substance).
enum TeachingScript {
    static let greeting = ["S: 220 mail.example.org ESMTP Postfix"]

    /// Greeted, then EHLO answered with a submission server's extensions (STARTTLS offered).
    static let ehlo =
        greeting + [
            "C: EHLO client.example",
            "S: 250-mail.example.org\n250-PIPELINING\n250-SIZE 10240000\n250-STARTTLS\n250-ENHANCEDSTATUSCODES\n250-8BITMIME\n250 CHUNKING",
        ]

    /// After STARTTLS and the second EHLO, which now offers AUTH.
    static let ehloAfterTLS =
        ehlo + [
            "C: STARTTLS", "S: 220 2.0.0 Ready to start TLS", "TLS",
            "C: EHLO client.example",
            "S: 250-mail.example.org\n250-PIPELINING\n250-SIZE 10240000\n250-AUTH PLAIN LOGIN\n250 ENHANCEDSTATUSCODES",
        ]

    /// A transaction open with its sender accepted.
    static let mail = ehlo + ["C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok"]

    /// A transaction with one recipient accepted.
    static let recipient = mail + ["C: RCPT TO:<bob@example.org>", "S: 250 2.1.5 Ok"]
}
