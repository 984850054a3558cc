import SMTPCore

/// One AUTH exchange (RFC 4954) as a state machine with no I/O: events in, lines out.
///
/// The console sends the line from ``start(initialResponseAllowed:)``, then for each
/// reply calls ``challengeReceived(_:)`` on a 334 (and sends the line it returns) or
/// ``finalReplyReceived(code:)`` on anything else, which ends the exchange;
/// ``replyReceived(_:)`` does that routing in one call. Every returned ``AuthLine`` is
/// secret and carries its own redacted display form.
public struct AuthExchange: Sendable {
    /// What the console does after a reply.
    public enum Step: Sendable, Equatable {
        /// Show the decoded challenge, then send the line and wait for the next reply.
        case send(AuthLine, challenge: SASLChallenge)
        /// The exchange is over.
        case finished(AuthOutcome)
    }

    /// RFC 4954 §4: an AUTH command line, CRLF included, may be at most 12288 octets;
    /// a longer initial response goes as the answer to an empty challenge instead.
    public static let maxCommandLineLength = 12288

    /// The mechanism being run.
    public let mechanism: SASLMechanism
    /// Who is logging in (its `description` redacts the proof).
    public let credentials: SASLCredentials
    /// The server's host name, for OAUTHBEARER's `host=`.
    public let host: String?
    /// The server's port, for OAUTHBEARER's `port=`.
    public let port: Int?

    /// How the exchange ended, once it has.
    public private(set) var outcome: AuthOutcome?
    /// `true` after ``start(initialResponseAllowed:)`` until the final reply.
    public var isInProgress: Bool { started && outcome == nil }

    private var started = false
    /// `true` once the mechanism's main message went out (as initial response or answer).
    private var messageSent = false
    /// How many 334 challenges were answered.
    private var challengesAnswered = 0
    /// Why the client answered `*`, if it did.
    private var cancelReason: String?
    /// The decoded OAuth error challenge, shown with the failure.
    private var serverDetail: String?

    /// An exchange for `mechanism` with `credentials`; host and port feed OAUTHBEARER.
    ///
    /// Throws when the credentials do not suit the mechanism (a password for XOAUTH2)
    /// or hold a byte the mechanism uses as a separator (NUL in PLAIN, ^A in the OAuth
    /// mechanisms), which would change what the server reads.
    public init(
        mechanism: SASLMechanism, credentials: SASLCredentials, host: String? = nil, port: Int? = nil
    ) throws(AuthSetupError) {
        try Self.validate(mechanism: mechanism, credentials: credentials, host: host, port: port)
        self.mechanism = mechanism
        self.credentials = credentials
        self.host = host
        self.port = port
    }

    // MARK: Events

    /// The AUTH command to send first; starts (or restarts) the exchange.
    ///
    /// With `initialResponseAllowed` and a mechanism where the client speaks first, the
    /// first message rides on the command (`AUTH PLAIN <base64>`), saving a round trip,
    /// unless the line would exceed ``maxCommandLineLength``.
    public mutating func start(initialResponseAllowed: Bool = true) -> AuthLine {
        started = true
        outcome = nil
        messageSent = false
        challengesAnswered = 0
        cancelReason = nil
        serverDetail = nil
        let command = "AUTH \(mechanism.name)"
        guard initialResponseAllowed, mechanism.allowsInitialResponse else {
            return AuthLine(unredacted: command, display: command, summary: "\(mechanism) without initial response")
        }
        let line = command + " " + Base64.encode(mainMessage(challenge: []))
        guard line.utf8.count + 2 <= Self.maxCommandLineLength else {
            return AuthLine(
                unredacted: command, display: command,
                summary: "\(mechanism) without initial response (it would make the line longer than "
                    + "\(Self.maxCommandLineLength) octets)")
        }
        messageSent = true
        return AuthLine(
            unredacted: line, display: "\(command) \(Secret.placeholder)",
            summary: "\(mechanism) with initial response: \(mainMessageSummary)")
    }

    /// The answer to a 334 challenge.
    ///
    /// Always returns a line, because the server waits for one: the mechanism's next
    /// message, the acknowledgement an OAuth error challenge calls for, or `*` to cancel
    /// (RFC 4954 §4) when the mechanism has nothing more to say or cannot read the
    /// challenge. The server answers `*` with 501.
    public mutating func challengeReceived(_ reply: Reply) -> AuthLine {
        challengeReceived(SASLChallenge(reply: reply))
    }

    /// The answer to a challenge already decoded (see `challengeReceived(_: Reply)`).
    public mutating func challengeReceived(_ challenge: SASLChallenge) -> AuthLine {
        guard isInProgress else {
            return cancel(because: "a challenge arrived outside a running exchange")
        }
        defer { challengesAnswered += 1 }
        switch mechanism {
        case .plain:
            return messageSent
                ? cancel(because: "the server asked for more after the PLAIN response") : sendMain(challenge)
        case .login:
            return loginAnswer()
        case .cramMD5:
            guard !messageSent else { return cancel(because: "the server asked for more after the CRAM-MD5 response") }
            guard let bytes = challenge.bytes else {
                return cancel(because: "the CRAM-MD5 challenge is not valid base64")
            }
            return sendMain(bytes: bytes)
        case .xoauth2, .oauthBearer:
            return messageSent ? acknowledgeOAuthError(challenge) : sendMain(challenge)
        }
    }

    /// The reply that ends the exchange (anything but 334).
    public mutating func finalReplyReceived(code: Int) -> AuthOutcome {
        let result: AuthOutcome
        if code / 100 == 2 {
            result = .succeeded
        } else {
            let reason = AuthFailure.reason(for: code, cancelled: cancelReason != nil)
            result = .failed(
                AuthFailure(
                    code: code, reason: reason, mechanism: mechanism, serverDetail: serverDetail,
                    cancelReason: reason == .cancelled ? cancelReason : nil))
        }
        outcome = result
        return result
    }

    /// Routes a reply: 334 to `challengeReceived(_:)`, anything else to
    /// ``finalReplyReceived(code:)``.
    public mutating func replyReceived(_ reply: Reply) -> Step {
        guard reply.code == 334 else { return .finished(finalReplyReceived(code: reply.code)) }
        let challenge = SASLChallenge(reply: reply)
        return .send(challengeReceived(challenge), challenge: challenge)
    }

    // MARK: Messages

    /// The message that proves identity: LOGIN's password answer, the one message of
    /// the others.
    private func mainMessage(challenge: [UInt8]) -> [UInt8] {
        let name = credentials.username
        let secret = credentials.secret
        switch mechanism {
        case .plain:
            return SASLPayload.plain(
                authorizationIdentity: credentials.authorizationIdentity, username: name, password: secret)
        case .login:
            return secret.bytes
        case .cramMD5:
            return SASLPayload.cramMD5(username: name, password: secret, challenge: challenge)
        case .xoauth2:
            return SASLPayload.xoauth2(username: name, token: secret)
        case .oauthBearer:
            let identity = credentials.authorizationIdentity.isEmpty ? name : credentials.authorizationIdentity
            return SASLPayload.oauthBearer(authorizationIdentity: identity, host: host, port: port, token: secret)
        }
    }

    /// What the main message carries, for ``AuthLine/summary``.
    private var mainMessageSummary: String {
        switch mechanism {
        case .plain: "user name and password"
        case .login: "password"
        case .cramMD5: "user name and HMAC-MD5 digest of the challenge"
        case .xoauth2, .oauthBearer: "user name and bearer token"
        }
    }

    private mutating func sendMain(_ challenge: SASLChallenge) -> AuthLine {
        sendMain(bytes: challenge.bytes ?? [])
    }

    private mutating func sendMain(bytes challenge: [UInt8]) -> AuthLine {
        messageSent = true
        return secretAnswer(mainMessage(challenge: challenge), summary: mainMessageSummary)
    }

    /// LOGIN answers by order, whatever the prompt says: first the user name, then the
    /// password (servers word the prompts differently: `Username:`, `User Name`...).
    private mutating func loginAnswer() -> AuthLine {
        switch challengesAnswered {
        case 0: return secretAnswer(Array(credentials.username.utf8), summary: "user name")
        case 1: return sendMain(bytes: [])
        default: return cancel(because: "the server asked for more after the LOGIN password")
        }
    }

    /// The answer to an OAuth error challenge, which carries a JSON status instead of a
    /// request: XOAUTH2 (Google) takes an empty line, OAUTHBEARER a lone ^A (RFC 7628
    /// §3.2.3); the server then fails the exchange, usually with 535.
    private mutating func acknowledgeOAuthError(_ challenge: SASLChallenge) -> AuthLine {
        serverDetail = Self.bounded(challenge.displayText)
        if mechanism == .xoauth2 {
            return AuthLine(unredacted: "", display: "", summary: "empty line acknowledging the server's error")
        }
        let ack = Base64.encode(SASLPayload.oauthBearerErrorAcknowledgement)
        return AuthLine(unredacted: ack, display: ack, summary: "^A acknowledging the server's error")
    }

    /// How much of a server's error text a failure keeps: enough for any OAuth status
    /// object, short enough for one message on the console.
    static let serverDetailLimit = 512

    /// `text`, cut to ``serverDetailLimit`` characters with an ellipsis.
    static func bounded(_ text: String) -> String {
        text.count <= serverDetailLimit ? text : String(text.prefix(serverDetailLimit)) + "…"
    }

    /// `*`: the client gives up (RFC 4954 §4).
    private mutating func cancel(because reason: String) -> AuthLine {
        cancelReason = reason
        return AuthLine(unredacted: "*", display: "*", summary: "cancel: \(reason)")
    }

    private func secretAnswer(_ message: [UInt8], summary: String) -> AuthLine {
        AuthLine(unredacted: Base64.encode(message), display: Secret.placeholder, summary: summary)
    }
}
