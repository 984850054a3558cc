/// The client side of one SMTP (or LMTP) conversation, as a state machine with no I/O.
///
/// Events in, actions out: the console tells the machine what it sent (`lineSent`),
/// what came back (`replyReceived`), and when TLS started or the connection closed.
/// The machine answers which command each reply belongs to (a queue, because with
/// PIPELINING several commands may be outstanding), how the next typed line is to be
/// read (command, DATA body, answer to a 334 challenge) and what the console must do
/// (start the TLS handshake, parse the EHLO capabilities...).
///
/// The state only changes on replies: a MAIL that has been sent but not yet accepted
/// does not open a transaction. Warnings and completion look at the pending queue too,
/// so a pipelined `RCPT` right after `MAIL` is not flagged.
public struct SessionMachine: Sendable {
    /// `true` for an LMTP session (RFC 2033): LHLO, and one reply per recipient after DATA.
    public let isLMTP: Bool
    /// The greeting's outcome.
    public private(set) var greeting: Greeting = .awaited
    /// The accepted HELO, EHLO or LHLO, if any (forgotten after STARTTLS).
    public private(set) var hello: SMTPVerb?
    /// The extensions of the last accepted EHLO/LHLO, once the console passed them in.
    public private(set) var extensions: (any AdvertisedExtensions)?
    /// The open mail transaction, if any.
    public private(set) var transaction: Transaction?
    /// How the next typed line is read.
    public private(set) var inputMode: InputMode = .command
    /// `true` once TLS is active (STARTTLS completed, or implicit TLS).
    public private(set) var isTLSActive = false
    /// `true` after a 235 to AUTH (forgotten after STARTTLS).
    public private(set) var isAuthenticated = false
    /// `true` after the server said 220 to STARTTLS and before `tlsEstablished()`.
    public private(set) var isAwaitingTLSHandshake = false
    /// `true` after `connectionClosed()`.
    public private(set) var isClosed = false
    /// `true` after 221 or 421: the server announced it is closing the connection.
    public private(set) var serverIsClosing = false
    /// Commands sent and not yet answered, oldest first.
    public private(set) var pending: [PendingCommand] = []
    /// Addresses used in MAIL FROM and RCPT TO lines, most recent last (bounded).
    public private(set) var usedAddresses: [String] = []

    private var nextLineID = 1
    /// Raw bytes sent without a line ending yet (bounded by `rawTailLimit`).
    private var rawTail: [UInt8] = []
    /// Enough to classify any command; longer lines are refused by servers anyway.
    static let rawTailLimit = 1024
    /// LMTP: replies still due for the end of data, once the first one arrived.
    private(set) var endOfDataRepliesLeft: Int?
    /// How many addresses `usedAddresses` keeps; a session is long but memory is bounded.
    static let addressMemory = 64

    /// A new conversation, before the greeting.
    public init(lmtp: Bool = false) {
        isLMTP = lmtp
    }

    // MARK: Events

    /// A typed (or raw) line was sent; `line` is without its CRLF, as typed.
    ///
    /// The line is read according to `inputMode`: a command, a DATA body line (a lone
    /// `.` ends the body; pass the line as typed or dot-stuffed, both work), or the
    /// answer to a 334 challenge.
    @discardableResult
    public mutating func lineSent(_ line: String) -> SentLine {
        let id = nextLineID
        nextLineID += 1
        // Bytes sent earlier with /raw and no line ending start this line on the wire.
        let line = rawTail.isEmpty ? line : String(decoding: rawTail, as: UTF8.self) + line
        rawTail.removeAll()
        // Nothing answers a line sent on a closed connection; keep the queue empty.
        if isClosed { return SentLine(id: id, kind: inputMode == .command ? .command(SMTPVerb(leniently: line)) : .bodyLine) }
        switch inputMode {
        case .dataBody:
            guard line == "." else { return SentLine(id: id, kind: .bodyLine) }
            inputMode = .command
            enqueue(id: id, verb: .unknown, context: .endOfData)
            return SentLine(id: id, kind: .endOfBody)
        case .authResponse:
            inputMode = .command
            enqueue(id: id, verb: .auth, context: .authResponse)
            return SentLine(id: id, kind: .authResponse)
        case .command:
            let verb = SMTPVerb(leniently: line)
            // BDAT ... LAST ends the message: its reply is read like the one to the final dot.
            let context = verb == .bdat && Self.isLastChunk(line) ? .endOfData : verb.replyContext
            if verb == .mail || verb == .rcpt, let address = EnvelopeArguments(line: line)?.address {
                remember(address: address)
            }
            enqueue(id: id, verb: verb, context: context)
            if verb == .unknown, ForwardedClient.Command(line: line.drop { $0 == " " || $0 == "\t" }) == .xclient {
                pending[pending.count - 1].restartsSession = true
            }
            return SentLine(id: id, kind: .command(verb))
        }
    }

    /// Bytes were sent with `/raw` (nothing appended).
    ///
    /// Each line they complete (ended by LF, with or without CR) is read like a typed line,
    /// so the replies to raw commands are matched too; a tail without a line ending is kept
    /// (up to `rawTailLimit` bytes) and starts the next line sent.
    @discardableResult
    public mutating func rawBytesSent(_ bytes: [UInt8]) -> [SentLine] {
        var sent: [SentLine] = []
        for byte in bytes {
            guard byte == 0x0A else {
                if rawTail.count < Self.rawTailLimit { rawTail.append(byte) }
                continue
            }
            if rawTail.last == 0x0D { rawTail.removeLast() }
            sent.append(lineSent(""))
        }
        return sent
    }

    /// A complete reply (all its lines) arrived with this code.
    ///
    /// The first reply of a connection is the greeting, whatever was typed before it: 220,
    /// or a negative code refusing the client (554, 421, RFC 7504's 521). Any other reply
    /// before it (a 250, a 354) is no greeting: it answers nothing, and the greeting is
    /// still awaited, so that later replies are not matched one command off.
    public mutating func replyReceived(code: Int) -> ReplyOutcome {
        if greeting == .awaited {
            guard code == 220 || code >= 400 else {
                return ReplyOutcome(context: .other, answering: nil, actions: [.replyBeforeGreeting])
            }
            greeting = code == 220 ? .ready : .refused
            return ReplyOutcome(context: .greeting, answering: nil, actions: closingActions(code))
        }
        guard !pending.isEmpty else {
            // Unsolicited: a 421 on idle timeout, or a reply to something not modelled.
            return ReplyOutcome(context: .other, answering: nil, actions: closingActions(code))
        }
        let command = pending.removeFirst()
        var actions = apply(code: code, to: command)
        actions += closingActions(code)
        return ReplyOutcome(context: command.context, answering: command.id, actions: actions)
    }

    /// Bytes arrived that could not be parsed as a reply, where a reply was expected.
    ///
    /// The server has answered, just not in SMTP: the oldest pending command counts as
    /// answered (and failed), so the conversation does not wait for a reply that will
    /// never come. Before the greeting nothing changes.
    /// - Returns: the command the malformed reply is taken to answer, if any.
    @discardableResult
    public mutating func malformedReplyReceived() -> PendingCommand? {
        guard greeting != .awaited, !pending.isEmpty else { return nil }
        return pending.removeFirst()
    }

    /// A complete reply arrived (convenience for `replyReceived(code:)`).
    public mutating func replyReceived(_ reply: Reply) -> ReplyOutcome {
        replyReceived(code: reply.code)
    }

    /// The console parsed the extensions from the 250 reply to EHLO/LHLO.
    ///
    /// Call it after `replyReceived` returned `.recordCapabilities`; ignored otherwise
    /// (for example after a HELO, which advertises nothing).
    public mutating func capabilitiesReceived(_ advertised: any AdvertisedExtensions) {
        guard hello == .ehlo || hello == .lhlo else { return }
        extensions = advertised
    }

    /// The TLS handshake completed (after STARTTLS, or at once for implicit TLS).
    ///
    /// RFC 3207 §4.2: both sides forget what they learnt before TLS, so the EHLO
    /// capabilities, the HELO/EHLO itself and any authentication are dropped; the client
    /// must send EHLO again.
    public mutating func tlsEstablished() {
        isTLSActive = true
        isAwaitingTLSHandshake = false
        hello = nil
        extensions = nil
        isAuthenticated = false
        transaction = nil
        inputMode = .command
    }

    /// The connection is gone (closed by either side, or the TLS handshake failed).
    public mutating func connectionClosed() {
        isClosed = true
        rawTail.removeAll()
        endOfDataRepliesLeft = nil
        isAwaitingTLSHandshake = false
        pending.removeAll()
        transaction = nil
        inputMode = .command
    }

    // MARK: Reply handling

    /// The state change and actions for the reply `code` to `command`.
    private mutating func apply(code: Int, to command: PendingCommand) -> [SessionAction] {
        let positive = (200..<300).contains(code)
        switch command.context {
        case .helo, .ehlo, .lhlo:
            guard positive else { return [] }
            // A new HELO/EHLO resets any transaction (RFC 5321 §4.1.4).
            hello = command.verb
            extensions = nil
            transaction = nil
            return command.verb == .helo ? [] : [.recordCapabilities]
        case .mailFrom:
            if positive { transaction = Transaction() }
        case .rcptTo:
            if positive {
                transaction?.acceptedRecipients += 1
            } else {
                transaction?.rejectedRecipients += 1
            }
        case .data:
            if code == 354 {
                inputMode = .dataBody
                return [.enterDataBody]
            }
        case .bdat:
            // Marked on the reply: when pipelined, the MAIL may not be accepted yet at sending.
            transaction?.usesBDAT = true
            if !positive { transaction?.bdatFailed = true }
        case .endOfData:
            // LMTP answers the end of data once per accepted recipient (RFC 2033 §4.2). The
            // count is taken at the first reply: with BDAT LAST pipelined after the RCPTs,
            // their replies were not all in when it was sent, but they are now.
            let left = (endOfDataRepliesLeft ?? (isLMTP ? max(transaction?.acceptedRecipients ?? 1, 1) : 1)) - 1
            if left > 0 {
                endOfDataRepliesLeft = left
                pending.insert(command, at: 0)
                return []
            }
            // After the last reply the transaction is over, whatever the outcome
            // (RFC 5321 §4.1.1.4).
            endOfDataRepliesLeft = nil
            transaction = nil
            return [.transactionEnded]
        case .auth, .authResponse:
            if code == 334 {
                inputMode = .authResponse
                return [.readChallengeResponse]
            }
            if code == 235 { isAuthenticated = true }
        case .startTLS:
            if code == 220 {
                isAwaitingTLSHandshake = true
                return [.startTLSHandshake]
            }
        case .rset:
            if positive { transaction = nil }
        case .other where command.restartsSession && code == 220:
            // After XCLIENT the server greets again: a new session, EHLO (and AUTH) anew.
            hello = nil
            extensions = nil
            isAuthenticated = false
            transaction = nil
        case .greeting, .vrfy, .expn, .help, .noop, .quit, .other:
            break
        }
        return []
    }

    /// `.expectClose` when the code announces that the server closes the connection.
    private mutating func closingActions(_ code: Int) -> [SessionAction] {
        // 221 answers QUIT; 421 may answer anything, or come unsolicited (RFC 5321 §3.8).
        guard code == 221 || code == 421 else { return [] }
        serverIsClosing = true
        return [.expectClose]
    }

    private mutating func enqueue(id: Int, verb: SMTPVerb, context: ReplyContext) {
        pending.append(PendingCommand(id: id, verb: verb, context: context))
    }

    private mutating func remember(address: String) {
        guard !address.isEmpty, address.utf8.count <= 256 else { return }
        usedAddresses.removeAll { $0 == address }
        usedAddresses.append(address)
        if usedAddresses.count > Self.addressMemory { usedAddresses.removeFirst() }
    }

    /// `true` for `BDAT <size> LAST`.
    static func isLastChunk(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return words.count >= 3 && ASCII.uppercased(words[2]) == "LAST"
    }
}
