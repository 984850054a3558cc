import SMTPCore

/// AUTH: SASL PLAIN, LOGIN and CRAM-MD5 against the demo accounts (RFC 4954).
extension ServerSession {
    /// AUTH mechanism [initial-response].
    mutating func auth(_ argument: String, _ actions: inout [SessionAction]) {
        guard helloName != nil && usedEHLO else {
            actions.append(.reply(ServerReply(503, "5.5.1", "Say EHLO before AUTH")))
            return
        }
        guard authenticatedUser == nil else {
            actions.append(.reply(ServerReply(503, "5.5.1", "Already authenticated")))
            return
        }
        guard transaction == nil else {
            actions.append(.reply(ServerReply(503, "5.5.1", "AUTH is not allowed during a mail transaction (RFC 4954 §4)")))
            return
        }
        guard authOffered else {
            let hint = settings.tlsAvailable ? "send STARTTLS first" : "this server was started without TLS and without --allow-plain-auth"
            actions.append(.reply(ServerReply(538, "5.7.11", "Encryption required for authentication: \(hint)")))
            return
        }
        let words = argument.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(words.count) else {
            actions.append(.reply(ServerReply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]")))
            return
        }
        let offered = settings.gate == nil ? SASLMechanism.allCases : [.plain, .login]
        guard let mechanism = SASLMechanism(rawValue: words[0].uppercased()), offered.contains(mechanism) else {
            let names = offered.map(\.rawValue).joined(separator: " ")
            actions.append(.reply(ServerReply(504, "5.5.4", "Unrecognized authentication type; offered: \(names)")))
            return
        }
        let initial = words.count == 2 ? String(words[1]) : nil
        switch (mechanism, initial) {
        case (.cramMD5, .some):
            actions.append(.reply(ServerReply(501, "5.5.4", "CRAM-MD5 takes no initial response: the server speaks first")))
        case (.cramMD5, nil):
            let challenge = "<\(services.nonce())@\(settings.hostname)>"
            challengeClient(challenge, SASLExchange(step: .cramResponse(challenge: challenge)), &actions)
        case (.plain, nil):
            challengeClient("", SASLExchange(step: .plainCredentials), &actions)
        case (.login, nil):
            challengeClient("Username:", SASLExchange(step: .loginUser), &actions)
        case (.plain, .some(let response)):
            take(response, SASLExchange(step: .plainCredentials), &actions)
        case (.login, .some(let response)):
            take(response, SASLExchange(step: .loginUser), &actions)
        }
    }

    /// A line answering a 334 (its content only; it is never logged).
    mutating func saslAnswer(_ content: [UInt8], _ exchange: SASLExchange, _ actions: inout [SessionAction]) {
        let text = String(decoding: content, as: UTF8.self)
        actions.append(.event(.command(text == "*" ? "*" : "[SASL answer withheld, \(content.count) characters]")))
        enter(.command)
        if text == "*" {
            actions.append(.reply(ServerReply(501, "5.0.0", "Authentication cancelled")))
            return
        }
        take(text, exchange, &actions)
    }

    /// Decodes an answer (an initial response or a line after 334) and moves the exchange on.
    private mutating func take(_ base64: String, _ exchange: SASLExchange, _ actions: inout [SessionAction]) {
        let decoded: [UInt8]
        if base64 == "=" {
            decoded = []  // RFC 4954 §4: "=" is an empty initial response.
        } else {
            do {
                decoded = try Base64.decode(base64, strict: true)
            } catch {
                actions.append(.reply(ServerReply(501, "5.5.2", "Cannot decode the answer: \(error.description)")))
                return
            }
        }
        switch exchange.answer(decoded, credentials: settings.credentials, gate: settings.gate) {
        case .challenge(let text, let next):
            challengeClient(text, next, &actions)
        case .authenticated(let user):
            if let reason = settings.gate?.admitConnection(user: user) {
                actions.append(.reply(ServerReply(421, "4.7.0", "\(reason); closing the connection")))
                actions.append(.close)
                return
            }
            authenticatedUser = user
            actions.append(.event(.authenticated(user: user, mechanism: exchange.mechanism.rawValue)))
            actions.append(.reply(ServerReply(235, "2.7.0", "Authentication successful, welcome \(user)")))
        case .rejected:
            actions.append(.reply(ServerReply(535, "5.7.8", "Authentication credentials invalid")))
        case .malformed(let reason):
            actions.append(.reply(ServerReply(501, "5.5.2", reason)))
        }
    }

    /// Sends a 334 with the base64 of `text` and waits for the answer.
    private mutating func challengeClient(_ text: String, _ exchange: SASLExchange, _ actions: inout [SessionAction]) {
        enter(.sasl(exchange))
        actions.append(.reply(ServerReply(334, nil, Base64.encode(text))))
    }
}
