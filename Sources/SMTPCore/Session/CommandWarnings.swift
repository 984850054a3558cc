extension SessionMachine {
    /// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, CRLF included.
    static let commandLineLimit = 512
    /// RFC 4954 §4: an AUTH command with an initial response may be up to 12288 octets.
    static let authLineLimit = 12288
    /// RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets, CRLF included.
    static let textLineLimit = 1000

    /// One-line warnings about a line the server will likely reject; empty when it looks fine.
    ///
    /// Call it before sending `line` (typed, without CRLF). These are never refusals:
    /// the console sends the line as typed whatever they say. The line is read according
    /// to `inputMode`, like `lineSent(_:)` will.
    public func warnings(for line: String) -> [String] {
        switch inputMode {
        case .dataBody: return bodyWarnings(for: line)
        case .authResponse: return challengeAnswerWarnings(for: line)
        case .command: return commandWarnings(for: line)
        }
    }

    /// Warnings for a DATA body line.
    private func bodyWarnings(for line: String) -> [String] {
        var warnings: [String] = []
        if line.utf8.count + 2 > Self.textLineLimit {
            warnings.append("Body line is \(line.utf8.count + 2) bytes with CRLF; RFC 5321 allows 1000.")
        }
        return warnings
    }

    /// Warnings for the answer to a 334 challenge: it must be base64, or `*` to cancel.
    private func challengeAnswerWarnings(for line: String) -> [String] {
        guard line != "*", (try? Base64.decode(line, strict: true)) == nil else { return [] }
        return ["A 334 challenge expects base64 (or * to cancel); this line is not valid base64."]
    }

    /// Warnings for a command line.
    private func commandWarnings(for line: String) -> [String] {
        let verb = SMTPVerb(line: line)
        var warnings = orderWarnings(for: verb, line: line)
        let limit = verb == .auth ? Self.authLineLimit : Self.commandLineLimit
        if line.utf8.count + 2 > limit {
            let size = line.utf8.count + 2
            warnings.append("Line is \(size) bytes with CRLF; RFC 5321 allows \(limit) unless an extension raises it.")
        }
        if line.utf8.contains(where: { $0 >= 0x80 }) && !offers("SMTPUTF8") {
            warnings.append("Non-ASCII characters, but the server did not advertise SMTPUTF8.")
        }
        if line.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            warnings.append("The line contains control characters; servers may reject or misread it.")
        }
        switch verb {
        case .mail, .rcpt:
            if let arguments = EnvelopeArguments(line: line) { warnings += envelopeWarnings(arguments, line: line) }
        case .startTLS:
            if isTLSActive {
                warnings.append("TLS is already active; the server will answer 503 or 554.")
            } else if extensions != nil && !offers("STARTTLS") {
                warnings.append("The server did not offer STARTTLS in its EHLO reply.")
            }
        case .auth:
            warnings += authWarnings(line: line)
        case .bdat:
            if extensions != nil && !offers("CHUNKING") {
                warnings.append("The server did not advertise CHUNKING; BDAT will likely be refused.")
            }
            warnings.append("BDAT: exactly the announced number of bytes must follow (use /bdat FILE or /raw).")
        case .helo, .ehlo:
            if isLMTP { warnings.append("This is an LMTP session: the server expects LHLO.") }
        case .lhlo:
            if !isLMTP { warnings.append("LHLO is LMTP's greeting; an SMTP server will answer 500.") }
        case .unknown:
            if let command = ForwardedClient.Command(line: line) {
                let advertised: ForwardedClient.Advertised =
                    extensions.map { $0.parameters(for: command.rawValue).map { .listed($0) } ?? .absent } ?? .unknown
                warnings += ForwardedClient.warnings(for: line, command: command, advertised: advertised)
            } else if !line.isEmpty && !line.hasPrefix("/") {
                warnings.append("Unknown command; the server will likely answer 500 or 502.")
            } else if line.isEmpty {
                warnings.append("Empty line; the server will likely answer 500.")
            }
        case .data, .rset, .noop, .quit, .vrfy, .expn, .help:
            break
        }
        return warnings
    }

    /// Warnings about sending this verb now: before the greeting, out of sequence, or
    /// pipelined without PIPELINING.
    private func orderWarnings(for verb: SMTPVerb, line: String) -> [String] {
        if isClosed { return ["Not connected."] }
        if isAwaitingTLSHandshake { return ["Wait: the TLS handshake has not happened yet."] }
        var warnings: [String] = []
        if greeting == .awaited {
            warnings.append("The server has not sent its greeting yet; it may drop clients that talk first.")
        }
        if let blocker = pending.last(where: { Self.mustEndPipelineGroup($0) }) {
            let name = blocker.context == .authResponse ? "your 334 answer" : blocker.verb.rawValue
            warnings.append("Wait for the reply to \(name) before sending more (RFC 2920).")
        } else if !pending.isEmpty && !offers("PIPELINING") {
            warnings.append("A reply is still pending and the server did not advertise PIPELINING.")
        }
        let helloPending = pending.contains { $0.verb.isHello }
        let mailOpen = transaction != nil || pendingCount(.mail) > 0
        let recipients = (transaction?.acceptedRecipients ?? 0) + pendingCount(.rcpt)
        switch verb {
        case .mail:
            if hello == nil && !helloPending {
                warnings.append("MAIL before \(isLMTP ? "LHLO" : "HELO/EHLO"): the server will likely answer 503.")
            } else if mailOpen {
                warnings.append("A transaction is already open; the server will answer 503 (RSET first).")
            }
        case .rcpt:
            if !mailOpen { warnings.append("RCPT before MAIL: the server will answer 503.") }
        case .data, .bdat:
            if !mailOpen {
                warnings.append("\(verb.rawValue) before MAIL: the server will answer 503.")
            } else if recipients == 0 {
                warnings.append("\(verb.rawValue) before any accepted RCPT: the server will answer 503 or 554.")
            } else if verb == .data && transaction?.usesBDAT == true {
                warnings.append("DATA after BDAT in the same transaction is not allowed (RFC 3030).")
            }
        case .vrfy, .expn, .auth, .startTLS:
            if hello == nil && !helloPending && !isLMTP {
                warnings.append("\(verb.rawValue) before HELO/EHLO: many servers answer 503.")
            }
        default:
            break
        }
        return warnings
    }

    /// RFC 2920 §3.1 (and RFC 3207, RFC 4954): after these commands the client must wait
    /// for the reply, because it changes the state.
    private static func mustEndPipelineGroup(_ command: PendingCommand) -> Bool {
        switch command.verb {
        case .helo, .ehlo, .lhlo, .data, .vrfy, .expn, .quit, .noop, .startTLS, .auth: true
        default: command.context == .authResponse
        }
    }
}
