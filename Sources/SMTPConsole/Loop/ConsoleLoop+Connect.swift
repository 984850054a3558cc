import SMTPTransport

/// Connecting: opening a connection (its events tagged with its generation), `--starttls`'s
/// prelude armed in the transport and run before the first prompt, and waiting for both.
extension ConsoleLoop {
    /// Starts connecting to `target`, closing any current connection; the outcome arrives
    /// through the inbox. `prelude`: `--starttls`'s prelude follows (it starts with the
    /// greeting, and its TLS context is built meanwhile).
    func connect(to target: ConnectTarget, prelude: Bool = false) {
        connection?.closeNow()
        link.connection = nil
        fileTransfer.cancel()
        link.generation += 1
        link.repliesReceived = 0
        link.tlsSettings = nil
        let gate = ReadGate(limit: Self.passWeight * 4)
        link.readGate = gate
        link.tlsAhead =
            prelude
            ? target.endpoint.map { TLSContextAhead(settings: configuration.tlsSettings, endpoint: $0, startNow: false) } : nil
        link.answers = prelude ? AnswerSlot() : nil
        // Once the connect is asked for (the event loop has a core to make it): the TLS
        // context's build starts, and the machine arms the prelude's answers, its EHLO name
        // worked out here meanwhile (never on the event loop: a slot armed too late is
        // left empty, and the machine then says EHLO itself).
        defer {
            if let tlsAhead = link.tlsAhead {
                tlsAhead.startBuilding()
                let hello = Self.preludeHello(lmtp: configuration.lmtp, name: configuration.helloName)
                feed { $0.preludeArmed(hello: hello) }
            }
        }
        let generation = link.generation
        let inbox = self.inbox
        feed { $0.connectStarted(target, at: .now()) }
        let options = ConnectOptions(
            addressFamily: configuration.addressFamily, connectTimeout: configuration.connectTimeout,
            tls: configuration.tlsMode == .implicit ? .implicit(configuration.tlsSettings) : .none,
            localAddress: configuration.localAddress, proxyHeader: configuration.proxyHeader, proxy: configuration.proxy,
            answerWindow: answerWindow, answers: link.answers,
            readGate: gate)
        let onEvent: @Sendable (ConnectionEvent) -> Void = { event in
            inbox.post(.network(event, generation: generation))
        }
        if let opening = ConnectionOpener.openWithoutTask(target, options: options, onEvent: onEvent) {
            opening.whenComplete { result in
                switch result {
                case .success(let connection): inbox.post(.connected(connection, generation: generation))
                case .failure(let error): inbox.post(.connectFailed(error, generation: generation))
                }
            }
            return
        }
        let dnsServer = configuration.dnsServer
        Task {
            do {
                let connection = try await ConnectionOpener.open(
                    target, options: options, dnsServer: dnsServer, inbox: inbox, onEvent: onEvent)
                inbox.post(.connected(connection, generation: generation))
            } catch {
                inbox.post(.connectFailed(error, generation: generation))
            }
        }
    }

    /// Hands the machine's prepared answers (``ConsoleMachine/Output/arm(_:)``) to the
    /// connection's slot, for the event loop to write when their replies arrive.
    func arm(_ prepared: [ConsoleMachine.PreparedAnswer]) {
        guard let slot = link.answers else { return }
        let inbox = self.inbox
        let generation = link.generation
        let answers = prepared.compactMap { answer -> ArmedAnswer? in
            guard answer.startsTLS else { return ArmedAnswer(when: answer.trigger, .write(answer.command)) }
            guard let ahead = link.tlsAhead else { return nil }
            return ArmedAnswer(
                when: answer.trigger,
                .startTLS(
                    command: answer.command, ahead: ahead, then: answer.then,
                    completion: { inbox.post(.startTLSFinished($0, generation: generation)) }))
        }
        slot.arm(answers)
    }

    /// The prelude's EHLO (LHLO with `lmtp`) line, with `--ehlo`'s name or this machine's.
    nonisolated static func preludeHello(lmtp: Bool, name: String?) -> String {
        (lmtp ? "LHLO " : "EHLO ") + (name ?? HelloName.local())
    }

    /// Closes the connection (without QUIT).
    func disconnect() {
        connection?.closeNow()
    }

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
    /// `option`: the option that asked for TLS (`--dane` when TLSA records require it).
    func runStartTLSPrelude(interrupt: Int32?, option: String = "--starttls") -> ExitStatus? {
        let greeted = pump(
            until: { $0.session.greeting != .awaited || !$0.isConnected }, timeout: configuration.replyTimeout,
            interrupt: interrupt)
        if greeted == .done, machine.prelude == nil, machine.preludeOutcome == nil { startPrelude(option: option) }
        let outcome =
            greeted == .done
            ? pump(until: { $0.preludeOutcome != nil }, timeout: configuration.replyTimeout, interrupt: interrupt)
            : greeted
        switch outcome {
        case .done:
            let outcome = machine.preludeOutcome ?? .software
            return outcome == .success ? nil : outcome
        case .timedOut:
            error("timed out after \(Clock.milliseconds(of: configuration.replyTimeout) / 1000) s during \(option)")
            disconnect()
            return .timeout
        case .interrupted:
            disconnect()
            return .connectionLost
        }
    }

    /// Sends the prelude's EHLO (or LHLO) when the greeting did not start it (a refusal, or
    /// the connection gone).
    func startPrelude(option: String = "--starttls") {
        let hello = Self.preludeHello(lmtp: configuration.lmtp, name: configuration.helloName)
        feed { $0.preludeStarted(hello: hello, option: option, at: .now()) }
    }
}
