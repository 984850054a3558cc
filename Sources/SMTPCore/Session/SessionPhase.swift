/// Where the conversation is, as one value (for the prompt, `/state` and completion).
///
/// TLS and authentication are orthogonal to the phase: see `SessionMachine.isTLSActive`
/// and `isAuthenticated`.
public enum SessionPhase: Sendable, Hashable {
    /// Connected, the server's greeting has not arrived.
    case awaitingGreeting
    /// The greeting was negative (554): only QUIT is useful.
    case refused
    /// Greeted with 220; no HELO/EHLO/LHLO accepted yet.
    case greeted
    /// HELO, EHLO or LHLO accepted; no mail transaction open.
    case ready(hello: SMTPVerb)
    /// An AUTH exchange is under way (AUTH or a 334 answer sent, or a 334 to answer).
    case authenticating
    /// The server said 220 to STARTTLS: the TLS handshake must happen now.
    case awaitingTLSHandshake
    /// MAIL accepted; `recipients` RCPTs accepted so far.
    case inTransaction(recipients: Int)
    /// DATA sent; waiting for 354.
    case awaitingDataReply
    /// After 354: typed lines are the message body.
    case dataBody
    /// The body ended (final dot, or BDAT LAST); `replies` replies still to come
    /// (one per accepted recipient with LMTP).
    case awaitingEndOfData(replies: Int)
    /// BDAT chunks were sent in this transaction; more chunks, or `BDAT n LAST`, may follow.
    case bdat(recipients: Int)
    /// The connection is closed.
    case closed
}

/// A command that makes sense next, and why.
public struct NextStep: Sendable, Hashable {
    /// The verb.
    public let verb: SMTPVerb
    /// A short reason, in plain English ("add a recipient").
    public let why: String

    init(_ verb: SMTPVerb, _ why: String) {
        self.verb = verb
        self.why = why
    }
}

extension SessionMachine {
    /// The current phase, derived from the state and the pending commands.
    public var phase: SessionPhase {
        if isClosed { return .closed }
        if greeting == .awaited { return .awaitingGreeting }
        if greeting == .refused { return .refused }
        if isAwaitingTLSHandshake { return .awaitingTLSHandshake }
        if inputMode == .dataBody { return .dataBody }
        if pending.contains(where: { $0.context == .endOfData }) {
            let lmtpReplies = max(transaction?.acceptedRecipients ?? 1, 1)
            return .awaitingEndOfData(replies: endOfDataRepliesLeft ?? (isLMTP ? lmtpReplies : 1))
        }
        if pending.contains(where: { $0.context == .data }) { return .awaitingDataReply }
        if inputMode == .authResponse || pending.contains(where: { $0.verb == .auth }) {
            return .authenticating
        }
        if let transaction {
            return transaction.usesBDAT
                ? .bdat(recipients: transaction.acceptedRecipients)
                : .inTransaction(recipients: transaction.acceptedRecipients)
        }
        if let hello { return .ready(hello: hello) }
        return .greeted
    }

    /// The verbs that make sense next, most useful first, each with a short reason.
    ///
    /// Empty while the console must wait (for a reply, or for the TLS handshake) and in
    /// the DATA body, where lines are not commands.
    public var nextSteps: [NextStep] {
        switch phase {
        case .awaitingGreeting, .awaitingDataReply, .awaitingEndOfData, .awaitingTLSHandshake,
            .authenticating, .dataBody, .closed:
            return []
        case .refused:
            return [NextStep(.quit, "the server refused the session; say goodbye")]
        case .greeted:
            if isLMTP { return [NextStep(.lhlo, "introduce yourself (LMTP)")] }
            return [
                NextStep(.ehlo, "introduce yourself and learn the server's extensions"),
                NextStep(.helo, "introduce yourself without extensions"),
            ]
        case .ready:
            return readySteps
        case .inTransaction(let recipients):
            var steps: [NextStep] = [NextStep(.rcpt, "add a recipient")]
            if recipients > 0 {
                steps.append(NextStep(.data, "send the message"))
                if offers("CHUNKING") { steps.append(NextStep(.bdat, "send the message in chunks")) }
            }
            return steps + [NextStep(.rset, "abandon the transaction"), NextStep(.noop, "keep the line alive")]
        case .bdat(let recipients):
            if transaction?.bdatFailed == true { return [NextStep(.rset, "a chunk was refused; start over")] }
            if recipients == 0 { return [NextStep(.rset, "no recipient was accepted; start over")] }
            return [
                NextStep(.bdat, "send the next chunk, or the last one with LAST"),
                NextStep(.rset, "abandon the transaction"),
            ]
        }
    }

    /// Steps after HELO/EHLO/LHLO, outside a transaction.
    private var readySteps: [NextStep] {
        var steps: [NextStep] = []
        if !isTLSActive && offers("STARTTLS") { steps.append(NextStep(.startTLS, "encrypt the connection first")) }
        if !isAuthenticated && offers("AUTH") { steps.append(NextStep(.auth, "log in")) }
        steps.append(NextStep(.mail, "start a message with its sender"))
        steps.append(NextStep(.vrfy, "ask about an address"))
        steps.append(NextStep(.help, "ask the server for help"))
        steps.append(NextStep(.noop, "keep the line alive"))
        steps.append(NextStep(.quit, "end the session"))
        return steps
    }

    /// `true` when the last EHLO/LHLO advertised this keyword.
    func offers(_ keyword: String) -> Bool {
        extensions?.contains(keyword) ?? false
    }

    /// Pending commands that have this verb.
    func pendingCount(_ verb: SMTPVerb) -> Int {
        pending.filter { $0.verb == verb }.count
    }
}
