/// One-line teaching hints for replies a learner may not understand.
///
/// A hint adds what the reply-code annotation cannot know: what went wrong in *this*
/// conversation (a 503 to RCPT means no sender was accepted yet) and what to type next,
/// citing the RFC section where it helps. Hints never replace the server's text: the
/// console prints the reply and its annotation first, then the hint. Most positive
/// replies get none; ordinary progress needs no comment.
public enum Hints {
    /// The longest hint, in characters, so it fits one line of a normal terminal.
    public static let maximumLength = 160

    /// A short hint (at most `maximumLength` characters, no prefix, no line break) for
    /// `reply`, or `nil` when none helps.
    ///
    /// - Parameters:
    ///   - reply: the complete reply.
    ///   - context: what the reply answers, as `ReplyOutcome.context` gives it.
    ///   - machine: the session *before* `replyReceived` applied this reply. The hint
    ///     explains the reply from the state the server answered in: afterwards the 250
    ///     to the final dot has already closed the transaction, and the command answered
    ///     is no longer at the head of `pending`. The console keeps a copy:
    ///
    ///         let before = session
    ///         let outcome = session.replyReceived(reply)
    ///         let hint = Hints.hint(for: reply, context: outcome.context, before: before)
    public static func hint(for reply: Reply, context: ReplyContext, before machine: SessionMachine) -> String? {
        let situation = HintSituation(reply: reply, context: context, machine: machine)
        // Most specific first: a 550 that names relaying is a relay denial, not a bad mailbox;
        // the greeting and closing rules come first because they hold whatever the command.
        let rules: [(HintSituation) -> String?] = [
            connectionHint, sequenceHint, securityHint, greylistingHint, relayHint,
            mailboxHint, sizeHint, recipientLimitHint, syntaxHint, progressHint,
        ]
        for rule in rules {
            if let hint = rule(situation) { return hint }
        }
        return nil
    }

    /// The greeting, 421 and 221: the connection opening or closing.
    static func connectionHint(_ situation: HintSituation) -> String? {
        if situation.code == 421 {
            return "The server is closing the connection (busy, shutting down or idle too long): /reconnect starts again — RFC 5321 §3.8"
        }
        if situation.code == 221 {
            return "The server now closes the connection; /reconnect or /connect HOST starts a new session — RFC 5321 §4.1.1.10"
        }
        guard situation.context == .greeting else { return nil }
        if situation.code == 220 {
            return situation.machine.isLMTP
                ? "The server is ready: introduce yourself with LHLO your.host.name (LMTP's EHLO) — RFC 2033"
                : "The server is ready: introduce yourself with EHLO your.host.name (HELO is the older form) — RFC 5321 §3.2"
        }
        if situation.isPermanent {
            return "The server refuses this client in its greeting: nothing will be accepted, only QUIT is useful — RFC 5321 §3.1"
        }
        return nil
    }

    /// Positive replies worth a word: 354, 334, 220 to STARTTLS, 250 to the final dot.
    static func progressHint(_ situation: HintSituation) -> String? {
        switch (situation.code, situation.context) {
        case (354, _):
            return "Type the message: headers, an empty line, the body; end it with a line holding only \".\" — RFC 5321 §4.1.1.4"
        case (334, _):
            return "The challenge is base64 (/b64 decode TEXT shows it); answer in base64 on one line, or * to cancel — RFC 4954 §4"
        case (220, .startTLS):
            return "TLS handshake next; then say EHLO again: both sides forget what was said before TLS — RFC 3207 §4.2"
        case (250, .endOfData):
            // LMTP answers once per recipient: hint after the last of those replies only.
            if case .awaitingEndOfData(let replies) = situation.machine.phase, replies > 1 { return nil }
            return "The message is accepted (queued for delivery): start another with MAIL FROM, or QUIT — RFC 5321 §4.1.1.4"
        default:
            return nil
        }
    }
}
