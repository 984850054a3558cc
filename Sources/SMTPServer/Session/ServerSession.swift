import SMTPCore

/// The practice server's side of one SMTP conversation: bytes in, actions out.
///
/// A pure state machine (RFC 5321 §4.1.4 command order, RFC 2920 pipelining, RFC 3030
/// chunking, RFC 3207 STARTTLS, RFC 4954 AUTH). It never touches a socket: the channel
/// handler feeds it what arrived and carries out the returned `SessionAction`s in order.
/// Every command in one read is answered in order, so pipelined replies leave together.
struct ServerSession: Sendable {
    /// Where the conversation is.
    enum Phase: Sendable, Equatable {
        /// Reading command lines.
        case command
        /// Reading a DATA body, line by line.
        case dataBody
        /// Reading `remaining` bytes of a BDAT chunk.
        case bdatChunk(remaining: Int, last: Bool, refusal: ServerReply?)
        /// Reading the client's answer to a 334 challenge.
        case sasl(SASLExchange)
        /// 220 to STARTTLS sent; waiting for the handshake to finish.
        case awaitingTLS
        /// QUIT answered, dropped or timed out: nothing more is read.
        case closed
    }

    /// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF.
    static let commandLineLimit = 510
    /// RFC 4954 §4: AUTH lines (and SASL answers) may be up to 12288 octets.
    static let authLineLimit = 12286
    /// RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF.
    static let textLineLimit = 998

    let settings: SessionSettings
    let services: SessionServices
    private(set) var phase: Phase = .command
    var framer = InputFramer()
    /// The name from HELO/EHLO; `nil` until the client has greeted.
    var helloName: String?
    var usedEHLO = false
    private(set) var tlsActive = false
    var authenticatedUser: String?
    /// The open mail transaction, from MAIL until it ends.
    var transaction: Transaction?
    /// The body being read (DATA) or the chunks so far (BDAT).
    var body = BodyCollector(limit: 0)
    /// `true` while the rest of an over-long command line is being skipped.
    private var skippingLongLine = false

    init(settings: SessionSettings, services: SessionServices) {
        self.settings = settings
        self.services = services
        body = BodyCollector(limit: settings.maxMessageSize)
    }

    /// The greeting sent when the connection opens (RFC 5321 §4.3.1).
    func greeting() -> [SessionAction] {
        [.reply(ServerReply(220, nil, "\(settings.hostname) ESMTP smtpc \(SmtpcVersion.number) practice server ready"))]
    }

    /// Reads bytes from the client and answers every complete command among them.
    mutating func receive(_ bytes: some Collection<UInt8>) -> [SessionAction] {
        switch phase {
        case .closed: return []
        case .awaitingTLS:
            // Only bytes decrypted after the handshake can arrive now; keep a bounded amount for later.
            if framer.bufferedCount + bytes.count <= Self.authLineLimit { framer.append(bytes) }
            return []
        default: break
        }
        framer.append(bytes)
        var actions: [SessionAction] = []
        while step(&actions) {}
        return actions
    }

    /// The TLS handshake after STARTTLS completed: forget everything learnt in plaintext (RFC 3207 §4.2).
    mutating func tlsEstablished() -> [SessionAction] {
        guard phase == .awaitingTLS else { return [] }
        tlsActive = true
        phase = .command
        helloName = nil
        usedEHLO = false
        authenticatedUser = nil
        resetTransaction()
        var actions: [SessionAction] = []
        while step(&actions) {}
        return actions
    }

    /// The client was silent for too long: 421 4.4.2 and close (RFC 5321 §4.5.3.2).
    mutating func idleTimedOut() -> [SessionAction] {
        guard phase != .closed else { return [] }
        phase = .closed
        let text = "\(settings.hostname) No command for \(settings.idleTimeout.spoken): closing the connection"
        return [.reply(ServerReply(421, "4.4.2", text)), .close]
    }

    /// Handles one line or chunk if enough input is buffered; `false` when it needs more.
    private mutating func step(_ actions: inout [SessionAction]) -> Bool {
        switch phase {
        case .closed, .awaitingTLS:
            return false
        case .bdatChunk(let remaining, let last, let refusal):
            let chunk = framer.take(upTo: remaining)
            if remaining > 0 && chunk.isEmpty { return false }
            readChunk(chunk, remaining: remaining, last: last, refusal: refusal, &actions)
            return true
        case .dataBody:
            guard let line = framer.nextLine(limit: Self.textLineLimit) else { return false }
            readBodyLine(line, &actions)
            return true
        case .command, .sasl:
            guard let line = framer.nextLine(limit: Self.authLineLimit) else { return false }
            // Strict: without PIPELINING a client sends one command and waits for its reply;
            // more input already here means it did not (BDAT's chunk follows at once, legitimately).
            if settings.strict, case .command = phase, framer.bufferedCount > 0, SMTPVerb(bytes: line.content) != .bdat {
                actions.append(.event(.command(Self.loggedCommand(line.content, verb: SMTPVerb(bytes: line.content)))))
                actions += Self.synchronizationError(
                    "a command came with more input behind it, before its reply (PIPELINING is not offered)")
                phase = .closed
                return false
            }
            guard let ending = line.ending else {
                skippingLongLine = true
                return true
            }
            if skippingLongLine || line.isContinuation {
                skippingLongLine = false
                actions.append(.event(.command("[a line longer than \(Self.authLineLimit + 2) octets]")))
                actions.append(.reply(Self.lineTooLong(sasl: phase != .command)))
                if case .sasl = phase { phase = .command }
                return true
            }
            if case .sasl(let exchange) = phase {
                saslAnswer(line.content, exchange, &actions)
            } else {
                command(line.content, ending: ending, &actions)
            }
            return true
        }
    }

    /// Answers one command line.
    private mutating func command(_ content: [UInt8], ending: LineEnding, _ actions: inout [SessionAction]) {
        let verb = SMTPVerb(bytes: content)
        actions.append(.event(.command(Self.loggedCommand(content, verb: verb))))
        if ending == .bareLF {
            if settings.strict {
                actions.append(.reply(ServerReply(500, "5.5.2", "Bare LF: end every line with CRLF (RFC 5321 §2.3.8)")))
                return
            }
            actions.append(.event(.note("the line ended with a bare LF, accepted as CRLF (the strict scenario refuses it)")))
        }
        if verb != .auth && content.count > Self.commandLineLimit {
            actions.append(.reply(Self.lineTooLong(sasl: false)))
            return
        }
        guard let text = String(validating: content, as: UTF8.self) else {
            actions.append(.reply(ServerReply(500, "5.5.2", "The command line is not valid UTF-8")))
            return
        }
        let argument = Self.argument(of: text)
        switch verb {
        case .ehlo, .helo: hello(argument, extended: verb == .ehlo, &actions)
        case .mail: mail(text, &actions)
        case .rcpt: rcpt(text, &actions)
        case .data: data(argument, &actions)
        case .bdat: bdat(argument, &actions)
        case .rset: rset(argument, &actions)
        case .noop: actions.append(.reply(ServerReply(250, "2.0.0", "OK")))
        case .quit: quit(&actions)
        case .vrfy: vrfy(argument, &actions)
        case .expn: actions.append(.reply(ServerReply(502, "5.5.1", "EXPN is not implemented: lists are not expanded here")))
        case .help: actions.append(.reply(Self.help(argument)))
        case .startTLS: startTLS(argument, &actions)
        case .auth: auth(argument, &actions)
        case .lhlo:
            actions.append(.reply(ServerReply(500, "5.5.1", "LHLO is LMTP's greeting; this is an SMTP server: use EHLO")))
        case .unknown:
            let shown = text.isEmpty ? "Empty command line" : "Command not recognized: \(VisibleText.escape(String(text.prefix(40))))"
            actions.append(.reply(ServerReply(500, "5.5.2", shown)))
        }
    }

    /// HELO/EHLO: greet and open a fresh session state (RFC 5321 §4.1.1.1).
    private mutating func hello(_ argument: String, extended: Bool, _ actions: inout [SessionAction]) {
        let verb = extended ? "EHLO" : "HELO"
        guard !argument.isEmpty else {
            actions.append(
                .reply(ServerReply(501, "5.5.4", "\(verb) needs your host name or address literal, e.g. \(verb) client.example")))
            return
        }
        if settings.strict, !AddressSyntax.isHelloName(argument) {
            actions.append(.reply(ServerReply(501, "5.5.4", "\(verb) wants a domain or an address literal such as [127.0.0.1]")))
            return
        }
        resetTransaction()
        helloName = argument
        usedEHLO = extended
        let greeting = "\(settings.hostname) Hello \(argument) [\(settings.clientAddress)]"
        guard extended else {
            actions.append(.reply(ServerReply(250, nil, greeting)))
            return
        }
        actions.append(.reply(ServerReply(250, nil, [greeting] + extensions)))
    }

    /// The EHLO keywords offered now (RFC 5321 §4.1.1.1 and each extension's RFC).
    var extensions: [String] {
        var keywords = [
            "PIPELINING", "SIZE \(settings.maxMessageSize)", "8BITMIME", "SMTPUTF8",
            "ENHANCEDSTATUSCODES", "DSN", "CHUNKING",
        ]
        if settings.strict { keywords.removeFirst() }  // the strict scenario teaches waiting for replies
        if settings.tlsAvailable && !tlsActive { keywords.append("STARTTLS") }
        if authOffered { keywords.append(settings.gate == nil ? "AUTH PLAIN LOGIN CRAM-MD5" : "AUTH PLAIN LOGIN") }
        return keywords + ["VRFY", "HELP"]
    }

    /// AUTH is offered over TLS, or in plaintext when the server was told to allow it.
    var authOffered: Bool { tlsActive || settings.allowPlainAuth }

    /// RSET: abort the transaction, keep the greeting (RFC 5321 §4.1.1.5).
    private mutating func rset(_ argument: String, _ actions: inout [SessionAction]) {
        guard argument.isEmpty else {
            actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: RSET (no arguments)")))
            return
        }
        resetTransaction()
        actions.append(.reply(ServerReply(250, "2.0.0", "Flushed: no transaction open")))
    }

    /// QUIT: 221 and close (RFC 5321 §4.1.1.10).
    private mutating func quit(_ actions: inout [SessionAction]) {
        phase = .closed
        actions.append(.reply(ServerReply(221, "2.0.0", "\(settings.hostname) Bye")))
        actions.append(.close)
    }

    /// VRFY: a practice server accepts everyone, so it neither confirms nor denies (RFC 5321 §3.5.3).
    private func vrfy(_ argument: String, _ actions: inout [SessionAction]) {
        guard !argument.isEmpty else {
            actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: VRFY user-or-address")))
            return
        }
        let shown = VisibleText.escape(String(argument.prefix(100)))
        actions.append(.reply(ServerReply(252, "2.5.0", "Cannot VRFY \(shown), but mail to it will be accepted")))
    }

    /// STARTTLS: 220 and hand over to TLS, dropping anything the client pipelined after it (RFC 3207 §4).
    private mutating func startTLS(_ argument: String, _ actions: inout [SessionAction]) {
        guard settings.tlsAvailable else {
            actions.append(.reply(ServerReply(502, "5.5.1", "STARTTLS is not offered here (no-tls scenario)")))
            return
        }
        guard !tlsActive else {
            actions.append(.reply(ServerReply(503, "5.5.1", "TLS is already active")))
            return
        }
        guard argument.isEmpty else {
            actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: STARTTLS (no arguments)")))
            return
        }
        if framer.bufferedCount > 0 {
            actions.append(.event(.note("dropped \(framer.bufferedCount) bytes sent after STARTTLS before the handshake (RFC 3207 §4.2)")))
        }
        framer.discardAll()
        phase = .awaitingTLS
        actions.append(.reply(ServerReply(220, "2.0.0", "Ready to start TLS")))
        actions.append(.startTLS)
    }

    /// Ends any open transaction and forgets its body.
    mutating func resetTransaction() {
        transaction = nil
        body = BodyCollector(limit: settings.maxMessageSize)
        if phase != .closed && phase != .awaitingTLS { phase = .command }
    }

    /// Switches to another phase (for the extensions in other files).
    mutating func enter(_ newPhase: Phase) {
        phase = newPhase
    }
}
