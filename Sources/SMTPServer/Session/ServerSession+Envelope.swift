import SMTPCore

/// MAIL and RCPT: opening a transaction and adding recipients (RFC 5321 §4.1.1.2, §4.1.1.3).
extension ServerSession {
    /// MAIL FROM: checks the order, the path, the parameters (SIZE, BODY, SMTPUTF8, DSN, AUTH).
    mutating func mail(_ line: String, _ actions: inout [SessionAction]) {
        guard helloName != nil else {
            actions.append(.reply(ServerReply(503, "5.5.1", "Say EHLO (or HELO) before MAIL")))
            return
        }
        guard transaction == nil else {
            actions.append(.reply(ServerReply(503, "5.5.1", "Nested MAIL: a transaction is already open (send RSET to start again)")))
            return
        }
        if settings.requireAuth && authenticatedUser == nil {
            actions.append(.reply(ServerReply(530, "5.7.0", "Authentication required: AUTH first (after STARTTLS)")))
            return
        }
        if let user = authenticatedUser, let reason = settings.gate?.admitMessage(user: user) {
            actions.append(.reply(ServerReply(451, "4.7.1", reason)))
            return
        }
        guard let arguments = EnvelopeArguments(line: line), let path = pathOrRefusal(arguments, &actions) else { return }
        if !path.isEmpty, let problem = AddressSyntax.problem(with: path) {
            actions.append(.reply(ServerReply(501, "5.1.7", "Bad sender address <\(path)>: \(problem)")))
            return
        }
        var smtpUTF8 = false
        var seen: Set<String> = []
        for parameter in arguments.parameters {
            guard seen.insert(parameter.keyword).inserted else {
                actions.append(.reply(ServerReply(501, "5.5.4", "Parameter \(parameter.keyword) given twice")))
                return
            }
            if let refusal = mailParameterRefusal(parameter) {
                actions.append(.reply(refusal))
                return
            }
            if parameter.keyword == "SMTPUTF8" { smtpUTF8 = true }
        }
        if !smtpUTF8 && !AddressSyntax.isASCII(path) {
            actions.append(.reply(ServerReply(553, "5.6.7", "A non-ASCII address needs the SMTPUTF8 parameter on MAIL (RFC 6531)")))
            return
        }
        if let trigger = AddressTrigger(address: path), trigger.moment != .atEndOfData {
            fail(trigger, address: path, &actions)
            return
        }
        let parameters = arguments.parameters.map { parameter in
            parameter.value.map { "\(parameter.keyword)=\($0)" } ?? parameter.keyword
        }
        transaction = Transaction(from: path, parameters: parameters, smtpUTF8: smtpUTF8)
        transaction?.failAtEnd = AddressTrigger(address: path)?.reply(for: path)
        body = BodyCollector(limit: settings.maxMessageSize)
        actions.append(.reply(ServerReply(250, "2.1.0", "Sender <\(path)> OK")))
    }

    /// RCPT TO: needs MAIL first; may be greylisted, or end the connection in the flaky scenario.
    mutating func rcpt(_ line: String, _ actions: inout [SessionAction]) {
        guard var current = transaction else {
            actions.append(.reply(ServerReply(503, "5.5.1", "Need MAIL before RCPT")))
            return
        }
        guard let arguments = EnvelopeArguments(line: line), let path = pathOrRefusal(arguments, &actions) else { return }
        guard !path.isEmpty else {
            actions.append(.reply(ServerReply(501, "5.1.3", "RCPT TO:<> is not allowed: a recipient is needed")))
            return
        }
        if path.lowercased() != "postmaster", let problem = AddressSyntax.problem(with: path) {
            actions.append(.reply(ServerReply(501, "5.1.3", "Bad recipient address <\(path)>: \(problem)")))
            return
        }
        var seen: Set<String> = []
        for parameter in arguments.parameters {
            guard seen.insert(parameter.keyword).inserted else {
                actions.append(.reply(ServerReply(501, "5.5.4", "Parameter \(parameter.keyword) given twice")))
                return
            }
            if let refusal = rcptParameterRefusal(parameter) {
                actions.append(.reply(refusal))
                return
            }
        }
        if !current.smtpUTF8 && !AddressSyntax.isASCII(path) {
            actions.append(.reply(ServerReply(553, "5.6.7", "A non-ASCII address needs the SMTPUTF8 parameter on MAIL (RFC 6531)")))
            return
        }
        let trigger = AddressTrigger(address: path)
        if let trigger, trigger.moment != .atEndOfData {
            fail(trigger, address: path, &actions)
            return
        }
        if settings.dropAfterRCPT {
            enter(.closed)
            actions.append(.event(.note("flaky scenario: dropping the connection after RCPT, without a reply")))
            actions.append(.close)
            return
        }
        guard current.recipients.count < settings.maxRecipients else {
            actions.append(.reply(ServerReply(452, "4.5.3", "Too many recipients: at most \(settings.maxRecipients) per message")))
            return
        }
        if case .deferred(let seconds) = services.greylist(settings.clientAddress, current.from, path) {
            actions.append(.reply(ServerReply(451, "4.7.1", "Greylisted: this envelope is new here, please try again in \(seconds) s")))
            return
        }
        current.recipients.append(path)
        if current.failAtEnd == nil { current.failAtEnd = trigger?.reply(for: path) }
        transaction = current
        actions.append(.reply(ServerReply(250, "2.1.5", "Recipient <\(path)> OK")))
    }

    /// The failure an address trigger asks for at MAIL or RCPT (and the close, for 421).
    private mutating func fail(_ trigger: AddressTrigger, address: String, _ actions: inout [SessionAction]) {
        actions.append(.reply(trigger.reply(for: address)))
        if trigger.moment == .closing {
            enter(.closed)
            actions.append(.close)
        }
    }

    /// The path of a MAIL or RCPT line, or `nil` after adding the 501 that refuses its form.
    private func pathOrRefusal(_ arguments: EnvelopeArguments, _ actions: inout [SessionAction]) -> String? {
        let syntax = arguments.verb == .mail ? "MAIL FROM:<address>" : "RCPT TO:<address>"
        guard arguments.hasPrefixWord else {
            actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: \(syntax) [parameters]")))
            return nil
        }
        if settings.strict && arguments.spaceAfterColon {
            actions.append(.reply(ServerReply(501, "5.5.4", "No space is allowed after the colon: \(syntax) (RFC 5321 §4.1.2)")))
            return nil
        }
        if !arguments.hasAngleBrackets && (settings.strict || arguments.address.isEmpty) {
            actions.append(.reply(ServerReply(501, "5.5.4", "The address must be in angle brackets: \(syntax)")))
            return nil
        }
        return AddressSyntax.withoutSourceRoute(arguments.address)
    }

    /// The refusal of one MAIL parameter, or `nil` when it is acceptable.
    private func mailParameterRefusal(_ parameter: EnvelopeArguments.Parameter) -> ServerReply? {
        let value = parameter.value
        switch parameter.keyword {
        case "SIZE":
            guard let value, !value.isEmpty, value.count <= 18, value.allSatisfy(\.isASCIIDigit), let size = Int(value) else {
                return ServerReply(501, "5.5.4", "SIZE wants a number of bytes (RFC 1870)")
            }
            if size > settings.maxMessageSize {
                return ServerReply(552, "5.3.4", "Message too big: this server takes at most \(settings.maxMessageSize) bytes")
            }
        case "BODY":
            switch value?.uppercased() {
            case "7BIT", "8BITMIME": break
            case "BINARYMIME": return ServerReply(555, "5.5.4", "BODY=BINARYMIME needs BINARYMIME, which is not offered")
            default: return ServerReply(501, "5.5.4", "BODY wants 7BIT or 8BITMIME (RFC 6152)")
            }
        case "SMTPUTF8":
            if value != nil { return ServerReply(501, "5.5.4", "SMTPUTF8 takes no value (RFC 6531)") }
        case "RET":
            guard let value, ["FULL", "HDRS"].contains(value.uppercased()) else {
                return ServerReply(501, "5.5.4", "RET wants FULL or HDRS (RFC 3461)")
            }
        case "ENVID", "AUTH":
            guard let value, !value.isEmpty else { return ServerReply(501, "5.5.4", "\(parameter.keyword) needs a value") }
        default:
            return ServerReply(
                555, "5.5.4", "MAIL parameter \(VisibleText.escape(String(parameter.keyword.prefix(30)))) is not supported here")
        }
        return nil
    }

    /// The refusal of one RCPT parameter (NOTIFY, ORCPT from DSN), or `nil`.
    private func rcptParameterRefusal(_ parameter: EnvelopeArguments.Parameter) -> ServerReply? {
        switch parameter.keyword {
        case "NOTIFY":
            let words = (parameter.value ?? "").uppercased().split(separator: ",", omittingEmptySubsequences: false)
            let valid =
                words == ["NEVER"]
                || (!words.isEmpty && words.allSatisfy { ["SUCCESS", "FAILURE", "DELAY"].contains($0) })
            return valid ? nil : ServerReply(501, "5.5.4", "NOTIFY wants NEVER or a list of SUCCESS, FAILURE, DELAY (RFC 3461)")
        case "ORCPT":
            guard let value = parameter.value, let semicolon = value.firstIndex(of: ";"), semicolon != value.startIndex else {
                return ServerReply(501, "5.5.4", "ORCPT wants addr-type;address, e.g. rfc822;user@example.org (RFC 3461)")
            }
            return nil
        default:
            return ServerReply(
                555, "5.5.4", "RCPT parameter \(VisibleText.escape(String(parameter.keyword.prefix(30)))) is not supported here")
        }
    }
}

extension Character {
    /// `true` for 0–9 only (not other Unicode digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
