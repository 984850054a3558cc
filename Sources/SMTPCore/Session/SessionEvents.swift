/// How the console must read the next line the user types.
public enum InputMode: Sendable, Hashable {
    /// An SMTP command (or a meta-command).
    case command
    /// After 354: a line of the message body; meta-commands are off, a lone `.` ends it.
    case dataBody
    /// After 334: the answer to an AUTH challenge. It is a secret: never stored in
    /// history, redacted in transcripts.
    case authResponse
}

/// What the console must do after a reply (the machine's "actions out").
public enum SessionAction: Sendable, Hashable {
    /// 354: switch the prompt to DATA mode; typed lines are now the body.
    case enterDataBody
    /// 334: show the decoded challenge; the next line is a secret answer.
    case readChallengeResponse
    /// 220 to STARTTLS: start the TLS handshake now, and abort if the server sent any
    /// bytes after its 220 (plaintext injection). Call `tlsEstablished()` when done.
    case startTLSHandshake
    /// 250 to EHLO/LHLO: parse the reply's keywords and call `capabilitiesReceived(_:)`.
    case recordCapabilities
    /// The final reply to the end of the message arrived: the transaction is over.
    case transactionEnded
    /// 221 or 421: the server is closing the connection.
    case expectClose
    /// A positive reply other than 220 came before the greeting: it answers nothing, and the
    /// greeting is still awaited (RFC 5321 §3.1: a server greets with 220, or refuses).
    case replyBeforeGreeting
}

/// A command that was sent and whose reply has not arrived yet.
public struct PendingCommand: Sendable, Hashable {
    /// The `SentLine.id` of the line the reply will answer.
    public let id: Int
    /// The verb of that line (`.unknown` for the final dot of a DATA body).
    public let verb: SMTPVerb
    /// The context in which the reply is read.
    public let context: ReplyContext
    /// XCLIENT: a 220 to it starts the session over, as for a new client (Postfix's
    /// XCLIENT_README), so the EHLO and its extensions are forgotten.
    public var restartsSession = false
}

/// How the machine read a line that was sent.
public struct SentLine: Sendable, Hashable {
    /// What kind of line it was.
    public enum Kind: Sendable, Hashable {
        /// An SMTP command with this verb.
        case command(SMTPVerb)
        /// A line of the DATA body (no reply expected).
        case bodyLine
        /// The lone `.` that ends the DATA body.
        case endOfBody
        /// The answer to a 334 challenge.
        case authResponse
    }

    /// A sequence number; `ReplyOutcome.answering` names it, so the console can time replies.
    public let id: Int
    /// What the line was.
    public let kind: Kind

    /// `true` when the line carries credentials: an AUTH command (it may hold an initial
    /// response) or an answer to a 334 challenge. Redact it in transcripts.
    public var isSecret: Bool {
        switch kind {
        case .command(let verb): verb == .auth
        case .authResponse: true
        case .bodyLine, .endOfBody: false
        }
    }

    /// `true` when the line may go into the persistent history: commands except AUTH;
    /// never body lines or challenge answers.
    public var belongsInHistory: Bool {
        if case .command = kind { return !isSecret }
        return false
    }
}

/// What a reply answered, and what the console must do about it.
public struct ReplyOutcome: Sendable, Hashable {
    /// The context for the reply-code table (`.greeting`, `.ehlo`, `.endOfData`...).
    public let context: ReplyContext
    /// The `SentLine.id` of the line this reply answers; `nil` for the greeting and for
    /// a reply nothing was waiting for.
    public let answering: Int?
    /// What to do now, in order.
    public let actions: [SessionAction]

    /// `true` when no command was waiting for this reply (it is not the greeting either).
    public var isUnsolicited: Bool { answering == nil && context != .greeting }
}
