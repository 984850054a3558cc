/// DATA and BDAT: reading the message and storing it (RFC 5321 §4.1.1.4, RFC 3030).
extension ServerSession {
    /// DATA: 354 once MAIL and at least one RCPT were accepted.
    mutating func data(_ argument: String, _ actions: inout [SessionAction]) {
        guard let refusal = bodyRefusal(verb: "DATA") else {
            guard argument.isEmpty else {
                actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: DATA (no arguments)")))
                return
            }
            enter(.dataBody)
            actions.append(.reply(ServerReply(354, nil, "End data with <CR><LF>.<CR><LF>")))
            return
        }
        actions.append(.reply(refusal))
    }

    /// Why DATA or BDAT may not start a body now, or `nil` when it may.
    private func bodyRefusal(verb: String) -> ServerReply? {
        guard let transaction else {
            return ServerReply(
                503, "5.5.1", helloName == nil ? "Say EHLO, then MAIL and RCPT, before \(verb)" : "Need MAIL and RCPT before \(verb)")
        }
        guard !transaction.recipients.isEmpty else {
            return ServerReply(554, "5.5.1", "No valid recipients: RCPT must be accepted before \(verb)")
        }
        if verb == "DATA" && transaction.usedBDAT {
            return ServerReply(503, "5.5.1", "DATA cannot follow BDAT in one transaction (RFC 3030 §2)")
        }
        return nil
    }

    /// One line of a DATA body: dot-unstuffing (RFC 5321 §4.5.2) and the end at a lone `.`
    /// between CRLFs — only there, as Postfix's `smtpd_forbid_bare_newline` requires: a
    /// `.` ended by a bare LF is body, not the end (the door SMTP smuggling goes through).
    mutating func readBodyLine(_ line: FramedLine, _ actions: inout [SessionAction]) {
        let atLineStart = !line.isContinuation
        if atLineStart, line.content == [0x2E], line.ending == .crlf, !body.previousLineEndedBareLF {
            actions.append(.event(.body(byteCount: body.size)))
            finishMessage(&actions)
            return
        }
        if atLineStart, line.content == [0x2E], line.ending != nil { body.sawLoneDotBareLF = true }
        body.previousLineEndedBareLF = line.ending == .bareLF
        var content = line.content[...]
        if atLineStart && content.first == 0x2E { content = content.dropFirst() }
        body.append(content)
        switch line.ending {
        case nil: body.sawLongLine = true
        case .bareLF?:
            body.sawBareLF = true
            body.append([0x0D, 0x0A])
        case .crlf?:
            body.append([0x0D, 0x0A])
        }
    }

    /// BDAT size [LAST]: reads a chunk of exactly `size` bytes, refused or not (RFC 3030 §2).
    mutating func bdat(_ argument: String, _ actions: inout [SessionAction]) {
        let words = argument.split(separator: " ")
        guard (1...2).contains(words.count), words[0].count <= 18, words[0].allSatisfy(\.isASCIIDigit),
            let size = Int(words[0]), words.count == 1 || words[1].uppercased() == "LAST"
        else {
            actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: BDAT size [LAST]")))
            return
        }
        // The chunk must be read even when it is refused, or its bytes would be taken for commands.
        let refusal = bodyRefusal(verb: "BDAT")
        if refusal == nil { transaction?.usedBDAT = true }
        enter(.bdatChunk(remaining: size, last: words.count == 2, refusal: refusal))
    }

    /// Part (or the end) of a BDAT chunk.
    mutating func readChunk(_ chunk: ArraySlice<UInt8>, remaining: Int, last: Bool, refusal: ServerReply?, _ actions: inout [SessionAction])
    {
        if refusal == nil { body.append(chunk) }
        let left = remaining - chunk.count
        guard left == 0 else {
            enter(.bdatChunk(remaining: left, last: last, refusal: refusal))
            return
        }
        enter(.command)
        if let refusal {
            actions.append(.reply(refusal))
        } else if last {
            actions.append(.event(.body(byteCount: body.size)))
            finishMessage(&actions)
        } else if body.isOverLimit {
            actions.append(.reply(tooBig))
            resetTransaction()
        } else {
            actions.append(.reply(ServerReply(250, "2.0.0", "\(body.size) octets received so far")))
        }
    }

    /// The 552 for a message over SIZE (RFC 1870 §6).
    private var tooBig: ServerReply {
        ServerReply(552, "5.3.4", "Message too big: this server takes at most \(settings.maxMessageSize) bytes")
    }

    /// The end of the body: checks, then stores the message and ends the transaction.
    private mutating func finishMessage(_ actions: inout [SessionAction]) {
        defer { resetTransaction() }
        guard let transaction else { return }
        if body.isOverLimit {
            actions.append(.reply(tooBig))
            return
        }
        if let failure = transaction.failAtEnd {
            actions.append(.reply(failure))
            return
        }
        if body.sawBareLF {
            actions.append(.reply(Self.bareLFRefusal(loneDot: body.sawLoneDotBareLF)))
            actions.append(.event(.note("message refused: a bare LF inside DATA (the SMTP smuggling lesson)")))
            return
        }
        if settings.strict && body.sawLongLine {
            actions.append(.reply(ServerReply(554, "5.6.0", "Message refused: a line is longer than 1000 octets (RFC 5321 §4.5.3.1.6)")))
            return
        }
        let envelope = Envelope(
            from: transaction.from, recipients: transaction.recipients, mailParameters: transaction.parameters,
            clientName: helloName ?? "", clientAddress: settings.clientAddress, overTLS: tlsActive,
            authenticatedUser: authenticatedUser)
        switch services.deliver(envelope, body.bytes) {
        case .success(let id):
            if let user = authenticatedUser { settings.gate?.messageAccepted(user: user) }
            actions.append(.event(.accepted(id: id, from: transaction.from, recipients: transaction.recipients, size: body.size)))
            actions.append(.reply(ServerReply(250, "2.0.0", "OK: queued as \(id)")))
        case .failure(let failure):
            actions.append(.reply(ServerReply(451, "4.3.0", "Could not store the message: \(failure.reason)")))
        }
    }

    /// Postfix's reply with `smtpd_forbid_bare_newline = reject`, then the lesson.
    static func bareLFRefusal(loneDot: Bool) -> ServerReply {
        let seen =
            loneDot
            ? "A lone . ended by a bare LF did not end the message: everything after it stayed body."
            : "A line inside DATA ended with a bare LF; SMTP lines end with CRLF (RFC 5321 §2.3.8)."
        return ServerReply(
            550, "5.5.2",
            [
                "Error: bare <LF> received", seen,
                "Servers that disagree on where DATA ends can be fed a hidden second message: SMTP smuggling (CVE-2023-51764).",
            ])
    }
}
