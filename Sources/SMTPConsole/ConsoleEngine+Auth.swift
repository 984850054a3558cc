import SMTPAuth
import SMTPCore
import SMTPTranscript

/// Where `/auth` gets what the user must provide: the user name, the password or token
/// (never echoed, never from the command line), and a yes/no confirmation.
protocol CredentialSource {
    /// A visible answer (the user name); nil when none can be had.
    func readLine(prompt: String) -> String?
    /// A secret answer, read without echo; nil when none can be had.
    func readSecret(prompt: String) -> String?
    /// A yes/no question; `false` when it cannot be asked.
    func confirm(_ question: String) -> Bool
}

extension ConsoleEngine {
    /// `/auth [MECH] [USER]`: runs a whole SASL exchange (RFC 4954), showing each step —
    /// what was sent, redacted, and what came back, decoded.
    ///
    /// Refuses plainly instead of sending a doomed command when the server advertised no
    /// AUTH (or only after STARTTLS), and asks before sending a password without TLS.
    func authenticate(arguments: String, credentials source: CredentialSource) {
        let words = arguments.split(separator: " ").map(String.init)
        let snapshot = self.snapshot
        guard snapshot.isConnected else {
            output.write(style.error("smtpc: not connected — use /connect HOST [PORT] or /reconnect"))
            return
        }
        guard snapshot.machine.inputMode == .command, snapshot.machine.pending.isEmpty else {
            output.write(style.error("smtpc: /auth needs an idle session (no DATA body, no reply outstanding)"))
            return
        }
        var requested: SASLMechanism?
        if let name = words.first {
            guard let mechanism = SASLMechanism(name: name) else {
                let known = SASLMechanism.allCases.map(\.name).joined(separator: ", ")
                output.write(style.error("smtpc: /auth: unknown mechanism \(name); smtpc knows \(known)"))
                return
            }
            requested = mechanism
        }
        let advertised = snapshot.machine.extensions?.authMechanisms ?? []
        let tlsActive = snapshot.machine.isTLSActive
        let startTLSOffered = snapshot.machine.extensions?.contains("STARTTLS") ?? false
        let choice: MechanismChoice
        do {
            if let requested {
                choice = try MechanismChoice.check(
                    requested: requested, advertised: advertised, isTLSActive: tlsActive, startTLSOffered: startTLSOffered)
            } else {
                choice = try MechanismChoice.choose(
                    advertised: advertised, hasToken: configuration.credentials.token != nil,
                    isTLSActive: tlsActive, startTLSOffered: startTLSOffered)
            }
        } catch {
            var lines = [style.error("smtpc: /auth: \(error)")]
            if snapshot.machine.extensions == nil {
                lines.append(style.hint("  (no EHLO reply seen on this connection yet: send EHLO first)"))
            }
            output.write(lines: lines)
            return
        }
        output.write(style.hint("  (\(choice.explanation))"))
        guard let credentials = collectCredentials(for: choice.mechanism, user: words.dropFirst().first, source: source) else {
            output.write(style.error("smtpc: /auth cancelled: no credentials given"))
            return
        }
        if choice.needsConfirmationWithoutTLS, !tlsActive {
            let question =
                "This connection is not encrypted: the \(choice.mechanism.usesBearerToken ? "token" : "password") "
                + "can be read on the way. Send it anyway? [y/N] "
            guard source.confirm(question) else {
                output.write(style.hint("  (not sent; STARTTLS first keeps the password off the wire in clear)"))
                return
            }
        }
        run(mechanism: choice.mechanism, credentials: credentials)
    }

    /// The user name and the password or token, from the options, the environment or the user.
    private func collectCredentials(for mechanism: SASLMechanism, user: String?, source: CredentialSource) -> SASLCredentials? {
        guard let user = user ?? configuration.credentials.user ?? source.readLine(prompt: "Username: "), !user.isEmpty else {
            return nil
        }
        if mechanism.usesBearerToken {
            guard let token = configuration.credentials.token ?? source.readSecret(prompt: "Token: "), !token.isEmpty else { return nil }
            return SASLCredentials(username: user, bearerToken: Secret(token))
        }
        guard let password = configuration.credentials.password ?? source.readSecret(prompt: "Password: ") else { return nil }
        return SASLCredentials(username: user, password: Secret(password))
    }

    /// Runs the exchange step by step until the server's final reply.
    private func run(mechanism: SASLMechanism, credentials: SASLCredentials) {
        var exchange: AuthExchange
        do {
            exchange = try AuthExchange(
                mechanism: mechanism, credentials: credentials, host: snapshot.target?.hostName, port: snapshot.target?.port)
        } catch {
            output.write(style.error("smtpc: /auth: \(error)"))
            return
        }
        var line = exchange.start(initialResponseAllowed: true)
        state.withLock { $0.authInProgress = true }
        defer { state.withLock { $0.authInProgress = false } }
        while true {
            output.write(style.annotation("> ") + line.displayText + style.annotation("   (\(line.summary))"))
            guard let reply = sendAndWait(line) else {
                output.write(style.error("smtpc: /auth: no reply (the connection is gone or timed out)"))
                return
            }
            switch exchange.replyReceived(reply) {
            case .send(let next, _):
                line = next
            case .finished(.succeeded):
                output.write(style.hint("  (authenticated as \(credentials.username) with \(mechanism.name))"))
                return
            case .finished(.failed(let failure)):
                output.write(style.warning("  ! " + VisibleText.escape(failure.explanation)))
                return
            }
        }
    }

    /// Sends one line of an AUTH exchange (secret, redacted in the transcript) and waits for its reply.
    private func sendAndWait(_ line: AuthLine) -> Reply? {
        let id = state.withLock { state -> Int? in
            guard let connection = state.connection, state.isConnected else { return nil }
            let sent = state.machine.lineSent(line.unredactedText)
            state.sentAt[sent.id] = .now
            state.lastReply = nil
            record(
                TranscriptEntry(
                    direction: .client, bytes: Array(line.unredactedText.utf8), timestamp: Clock.unixTime(),
                    isSecret: true, redactedText: line.displayText), state: &state)
            connection.send(line.wireBytes)
            return sent.id
        }
        guard id != nil, waitForReplies(timeout: configuration.replyTimeout) else { return nil }
        return state.withLock { $0.lastReply }
    }
}

extension ConnectTarget {
    /// The host name, for OAUTHBEARER's `host=` (nil for a unix socket).
    var hostName: String? {
        switch self {
        case .host(let spec): return spec.host
        case .mx(let domain, _): return domain
        case .unix: return nil
        }
    }

    /// The port, for OAUTHBEARER's `port=`.
    var port: Int? {
        switch self {
        case .host(let spec): return spec.port
        case .mx(_, let port): return port
        case .unix: return nil
        }
    }
}
