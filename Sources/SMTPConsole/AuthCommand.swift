import SMTPAuth
import SMTPCore

/// `/auth [MECH] [USER]`: chooses the mechanism, collects the credentials (from the
/// options, the environment, a password command or the user) and hands the exchange to
/// the machine, which runs it.
struct AuthCommand {
    let loop: ConsoleLoop
    /// Where the user name, the password and the confirmation are read.
    let source: CredentialSource

    /// `/auth [MECH] [USER]`: runs a whole SASL exchange (RFC 4954), showing each step —
    /// what was sent, redacted, and what came back, decoded.
    ///
    /// Refuses plainly instead of sending a doomed command when the server advertised no
    /// AUTH (or only after STARTTLS), and asks before sending a password without TLS.
    func run(_ arguments: String) {
        let words = arguments.split(separator: " ").map(String.init)
        let machine = loop.machine
        let configuration = loop.configuration
        let session = machine.session
        guard machine.isConnected else {
            loop.error("not connected — use /connect HOST [PORT] or /reconnect")
            return
        }
        guard session.inputMode == .command, session.pending.isEmpty else {
            loop.error("/auth needs an idle session (no DATA body, no reply outstanding)")
            return
        }
        var requested: SASLMechanism?
        if let name = words.first ?? configuration.credentials.mechanism {
            guard let mechanism = SASLMechanism(name: name) else {
                let known = SASLMechanism.allCases.map(\.name).joined(separator: ", ")
                loop.error("/auth: unknown mechanism \(name); smtpc knows \(known)")
                return
            }
            requested = mechanism
        }
        let advertised = session.extensions?.authMechanisms ?? []
        let tlsActive = session.isTLSActive
        let startTLSOffered = session.extensions?.contains("STARTTLS") ?? false
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
            loop.error("/auth: \(error)")
            if session.extensions == nil {
                loop.show(loop.renderer.lines(for: .hint("(no EHLO reply seen on this connection yet: send EHLO first)")))
            }
            return
        }
        loop.show(loop.renderer.lines(for: .hint("(\(choice.explanation))")))
        guard let credentials = collectCredentials(for: choice.mechanism, user: words.dropFirst().first, source: source) else {
            loop.error("/auth cancelled: no credentials given")
            return
        }
        if choice.needsConfirmationWithoutTLS, !tlsActive {
            let question =
                "This connection is not encrypted: the \(choice.mechanism.usesBearerToken ? "token" : "password") "
                + "can be read on the way. Send it anyway? [y/N] "
            guard source.confirm(question) else {
                loop.show(loop.renderer.lines(for: .hint("(not sent; STARTTLS first keeps the password off the wire in clear)")))
                return
            }
        }
        let target = loop.machine.target
        do {
            let exchange = try AuthExchange(
                mechanism: choice.mechanism, credentials: credentials, host: target?.hostName, port: target?.port)
            loop.feed { $0.authStarted(exchange, username: credentials.username, at: .now()) }
        } catch {
            loop.error("/auth: \(error)")
        }
    }

    /// The user name and the password or token, from the options, the environment or the user.
    private func collectCredentials(for mechanism: SASLMechanism, user: String?, source: CredentialSource) -> SASLCredentials? {
        let configuration = loop.configuration
        guard let user = user ?? configuration.credentials.user ?? source.readLine(prompt: "Username: "), !user.isEmpty else {
            return nil
        }
        if mechanism.usesBearerToken {
            guard let token = configuration.credentials.token ?? source.readSecret(prompt: "Token: "), !token.isEmpty else {
                return nil
            }
            return SASLCredentials(username: user, bearerToken: Secret(token))
        }
        if configuration.credentials.password == nil, let command = configuration.credentials.passwordCommand {
            switch PasswordCommand.run(command) {
            case .success(let password): return SASLCredentials(username: user, password: Secret(password))
            case .failure(let failure):
                loop.error("/auth: \(failure)")
                return nil
            }
        }
        guard let password = configuration.credentials.password ?? source.readSecret(prompt: "Password: ") else { return nil }
        return SASLCredentials(username: user, password: Secret(password))
    }
}

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
