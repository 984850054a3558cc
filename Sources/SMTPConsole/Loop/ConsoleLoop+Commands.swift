import Glibc
import SMTPAuth
import SMTPCore
import SMTPTransport
import SystemIO

/// What the meta-commands and the start-up ask of the loop: connecting and waiting for
/// it, `--starttls`, `/auth`, `/send`, `/bdat`, `/tls` and leaving.
extension ConsoleLoop {
    /// Connects to `target` and waits (Ctrl-C ends the wait) until connected or failed.
    func connectAndWait(to target: ConnectTarget, interrupt: Int32?, prelude: Bool = false) {
        connect(to: target, prelude: prelude)
        _ = pump(until: { !$0.isConnecting }, interrupt: interrupt)
    }

    /// `/reconnect`: the last server again.
    func reconnect(interrupt: Int32?) {
        guard let target = machine.target else {
            error("no earlier connection; use /connect HOST [PORT]")
            return
        }
        connectAndWait(to: target, interrupt: interrupt)
    }

    /// `--starttls`: EHLO (or LHLO), STARTTLS, the handshake and EHLO again, before the
    /// first prompt. Never falls back to plaintext. A 220 greeting starts it in the machine
    /// as it is handled (the connection was opened with `prelude: true`, its EHLO armed in
    /// the transport: ``ArmedAnswer``), so this waits for the greeting first and never sends
    /// an EHLO before it. After a refusal or a close the prelude starts here, and reports
    /// what happened.
    /// - Returns: nil when TLS is on, or the status to exit with.
    func runStartTLSPrelude(interrupt: Int32?) -> ExitStatus? {
        let greeted = pump(
            until: { $0.session.greeting != .awaited || !$0.isConnected }, timeout: configuration.replyTimeout,
            interrupt: interrupt)
        if greeted == .done, machine.prelude == nil, machine.preludeOutcome == nil { startPrelude() }
        let outcome =
            greeted == .done
            ? pump(until: { $0.preludeOutcome != nil }, timeout: configuration.replyTimeout, interrupt: interrupt)
            : greeted
        switch outcome {
        case .done:
            let outcome = machine.preludeOutcome ?? .software
            return outcome == .success ? nil : outcome
        case .timedOut:
            error("timed out after \(Clock.milliseconds(of: configuration.replyTimeout) / 1000) s during --starttls")
            disconnect()
            return .timeout
        case .interrupted:
            disconnect()
            return .connectionLost
        }
    }

    /// Sends the prelude's EHLO (or LHLO) when the greeting did not start it (a refusal, or
    /// the connection gone).
    func startPrelude() {
        let hello = Self.preludeHello(lmtp: configuration.lmtp, name: configuration.helloName)
        feed { $0.preludeStarted(hello: hello, at: .now()) }
    }

    /// `/quit`, Ctrl-D: QUIT when it can be sent, half a second at most for the 221 and the
    /// close, then the connection is closed whatever the server does (so the console is
    /// gone within a second even while a server floods it).
    ///
    /// On a terminal, what is left of a long reply meanwhile is counted, not shown: the
    /// screen is taken as full, so that leaving never waits for a slow terminal.
    func quit(interrupt: Int32?) {
        if screenBacklog != nil { screenBacklog = { ReplyFold.limit } }
        feed { $0.quitRequested(at: .now()) }
        _ = pump(until: { !$0.isConnected && !$0.isConnecting }, timeout: .milliseconds(500), interrupt: interrupt)
        disconnect()
        endFold()
    }

    /// `/send FILE` (`.data`) or `/bdat FILE` (`.bdat`).
    func transfer(_ kind: TransferPlan.Kind, argument: String) {
        let path = argument.trimmingCharacters(in: " ")
        guard !path.isEmpty else {
            show(renderer.lines(for: .text([style.error("usage: \(kind == .data ? "/send" : "/bdat") FILE")])))
            return
        }
        transfer(kind, path: path)
    }

    // MARK: /auth

    /// `/auth [MECH] [USER]`: runs a whole SASL exchange (RFC 4954), showing each step —
    /// what was sent, redacted, and what came back, decoded.
    ///
    /// Refuses plainly instead of sending a doomed command when the server advertised no
    /// AUTH (or only after STARTTLS), and asks before sending a password without TLS.
    func authenticate(arguments: String, credentials source: CredentialSource) {
        let words = arguments.split(separator: " ").map(String.init)
        let session = machine.session
        guard machine.isConnected else {
            error("not connected — use /connect HOST [PORT] or /reconnect")
            return
        }
        guard session.inputMode == .command, session.pending.isEmpty else {
            error("/auth needs an idle session (no DATA body, no reply outstanding)")
            return
        }
        var requested: SASLMechanism?
        if let name = words.first ?? configuration.credentials.mechanism {
            guard let mechanism = SASLMechanism(name: name) else {
                let known = SASLMechanism.allCases.map(\.name).joined(separator: ", ")
                error("/auth: unknown mechanism \(name); smtpc knows \(known)")
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
            self.error("/auth: \(error)")
            if session.extensions == nil {
                show(renderer.lines(for: .hint("(no EHLO reply seen on this connection yet: send EHLO first)")))
            }
            return
        }
        show(renderer.lines(for: .hint("(\(choice.explanation))")))
        guard let credentials = collectCredentials(for: choice.mechanism, user: words.dropFirst().first, source: source) else {
            error("/auth cancelled: no credentials given")
            return
        }
        if choice.needsConfirmationWithoutTLS, !tlsActive {
            let question =
                "This connection is not encrypted: the \(choice.mechanism.usesBearerToken ? "token" : "password") "
                + "can be read on the way. Send it anyway? [y/N] "
            guard source.confirm(question) else {
                show(renderer.lines(for: .hint("(not sent; STARTTLS first keeps the password off the wire in clear)")))
                return
            }
        }
        let target = machine.target
        do {
            let exchange = try AuthExchange(
                mechanism: choice.mechanism, credentials: credentials, host: target?.hostName, port: target?.port)
            feed { $0.authStarted(exchange, username: credentials.username, at: .now()) }
        } catch {
            self.error("/auth: \(error)")
        }
    }

    /// The user name and the password or token, from the options, the environment or the user.
    private func collectCredentials(for mechanism: SASLMechanism, user: String?, source: CredentialSource) -> SASLCredentials? {
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
                error("/auth: \(failure)")
                return nil
            }
        }
        guard let password = configuration.credentials.password ?? source.readSecret(prompt: "Password: ") else { return nil }
        return SASLCredentials(username: user, password: Secret(password))
    }

    // MARK: /tls

    /// `/tls save FILE`: the peer's chain as PEM, leaf first, as the handshake saw it.
    ///
    /// A verified chain runs up to the trusted root, so `openssl verify -CAfile ROOT FILE`
    /// checks the server's certificate (`-untrusted FILE` too when there are intermediates).
    /// Returns what was saved, in a sentence.
    func saveCertificateChain(to path: String) throws(CertificateSaveError) -> String {
        guard let info = machine.tls, machine.isConnected else { throw .noTLS }
        guard !info.certificates.isEmpty, info.certificates.allSatisfy({ !$0.der.isEmpty }) else { throw .notKept }
        let bytes = Array(info.certificates.map(\.pem).joined().utf8)
        let expanded = PathCompletion.expandingTilde(path)
        let fd = open(expanded, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let failure = writeAll(fd, bytes) { throw .cannotWrite(path: path, reason: String(cString: strerror(failure))) }
        let count = info.certificates.count == 1 ? "1 certificate" : "\(info.certificates.count) certificates"
        return "saved \(count) (the server's first) to \(path) as PEM"
    }

    /// The lines of `/tls`: protocol, cipher, SNI, ALPN, verification and the whole chain.
    func tlsDetails() -> [String] {
        guard let info = machine.tls, machine.isConnected else {
            return [
                "No TLS on this connection. STARTTLS (or /starttls) starts it when the server offers it; --tls "
                    + "connects with TLS from the first byte."
            ]
        }
        let noSNIReason = configuration.tlsSettings.sni == .none ? "none (--no-sni)" : "none (connected by address)"
        var lines = [
            "Protocol:     \(info.protocolVersion)",
            "Cipher:       \(info.cipherSuite ?? "unknown")",
            "Group:        \(info.group ?? "unknown")",
            "Resumed:      \(info.resumed.map { $0 ? "yes (an earlier session)" : "no (a full handshake)" } ?? "unknown")",
            "SNI sent:     \(info.serverNameSent ?? noSNIReason)",
            "ALPN:         \(info.alpn ?? "none")",
        ]
        switch info.verification {
        case .verified(let name): lines.append("Verified:     yes" + (name.map { ", name \($0)" } ?? ""))
        case .skipped(let problem):
            lines.append("Verified:     NO (--insecure)" + (problem.map { "; a check would have found: \($0)" } ?? ""))
        }
        for (index, certificate) in info.certificates.enumerated() {
            lines.append("Certificate \(index)" + (index == 0 ? " (server)" : ""))
            lines.append("  Subject:    \(certificate.subject)")
            lines.append("  Issuer:     \(certificate.issuer)")
            if !certificate.subjectAlternativeNames.isEmpty {
                lines.append("  Names:      \(certificate.subjectAlternativeNames.joined(separator: ", "))")
            }
            lines.append(
                "  Valid:      \(CertificateSummary.format(certificate.notBefore)) to \(CertificateSummary.format(certificate.notAfter))"
            )
            lines.append("  SHA-256:    \(certificate.sha256Fingerprint)")
        }
        // Subjects, issuers and names come from the server's certificate.
        return lines.map(VisibleText.escape)
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
