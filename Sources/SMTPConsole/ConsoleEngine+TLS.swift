import SMTPCore
import SMTPTranscript
import SMTPTransport

extension ConsoleEngine {
    /// How a STARTTLS attempt ended.
    enum StartTLSResult: Sendable {
        case established(TLSInfo)
        /// The server answered with something other than 220; the connection is unchanged.
        case declined(code: Int)
        /// The handshake or verification failed, or bytes were injected; the connection is closed.
        case failed(TLSError?)
        case notConnected
    }

    /// Sends a typed `STARTTLS` line and, when the server answers 220, performs the TLS
    /// handshake at once (RFC 3207). Bytes the server sends between its 220 and the
    /// handshake are refused as a plaintext injection and the connection is closed.
    @discardableResult
    func startTLS(line: String = "STARTTLS") -> StartTLSResult {
        // The transport takes the first reply after the command as its answer, so earlier
        // pipelined commands must be answered first.
        if !snapshot.machine.pending.isEmpty { _ = waitForReplies(timeout: configuration.replyTimeout) }
        let connection = state.withLock { state -> SMTPConnection? in
            guard let connection = state.connection, state.isConnected else { return nil }
            let sent = state.machine.lineSent(line)
            state.sentAt[sent.id] = .now
            state.startTLSInProgress = true
            record(TranscriptEntry(direction: .client, bytes: Array(line.utf8), timestamp: Clock.unixTime()), state: &state)
            return connection
        }
        guard let connection else {
            output.write(style.error("smtpc: not connected — use /connect HOST [PORT] or /reconnect"))
            return .notConnected
        }
        let settings = configuration.tlsSettings
        let result = Blocking.run {
            try await connection.startTLS(command: Array(line.utf8) + [0x0D, 0x0A], settings: settings)
        }
        state.withLock { $0.startTLSInProgress = false }
        switch result {
        case .success(.established(let info)):
            output.write(style.hint("  (TLS is on; the server forgot the earlier EHLO: send EHLO again to see its capabilities now)"))
            return .established(info)
        case .success(.declined(let reply)):
            return .declined(code: reply.code)
        case .failure(let error as TLSError):
            output.write(lines: ConnectFailure.tlsFailureLines(error, style: style))
            return .failed(error)
        case .failure(let error):
            output.write(style.error("smtpc: STARTTLS failed: \(VisibleText.escape("\(error)"))"))
            return .failed(nil)
        }
    }

    /// `--starttls`: EHLO (or LHLO), STARTTLS, the handshake and EHLO again, before the
    /// first prompt. Never falls back to plaintext.
    /// - Returns: nil when TLS is on, or the status to exit with.
    func startTLSBeforePrompt() -> ExitStatus? {
        let hello = (configuration.lmtp ? "LHLO " : "EHLO ") + configuration.helloName
        guard sayHello(hello) else { return .connectionLost }
        guard snapshot.machine.extensions?.contains("STARTTLS") == true else {
            output.write(
                style.error(
                    "smtpc: \(snapshot.target?.description ?? "the server") does not offer STARTTLS; refusing to go on in plaintext (--starttls)"
                ))
            disconnect()
            return .startTLSUnavailable
        }
        output.write(style.annotation("> ") + "STARTTLS")
        switch startTLS() {
        case .established:
            return sayHello(hello) ? nil : .connectionLost
        case .declined(let code):
            output.write(style.error("smtpc: the server answered \(code) to STARTTLS; refusing to go on in plaintext (--starttls)"))
            disconnect()
            return .startTLSUnavailable
        case .failed:
            disconnect()
            return .tlsFailure
        case .notConnected:
            return .connectionLost
        }
    }

    /// Sends EHLO/LHLO (echoed) and waits for its reply; false when the connection is gone.
    private func sayHello(_ hello: String) -> Bool {
        output.write(style.annotation("> ") + hello)
        guard send(line: hello) != nil, waitForReplies(timeout: configuration.replyTimeout) else { return false }
        return snapshot.isConnected
    }

    /// The lines of `/tls`: protocol, cipher, SNI, ALPN, verification and the whole chain.
    func tlsDetails() -> [String] {
        guard let info = snapshot.tls else {
            return [
                "No TLS on this connection. STARTTLS (or /starttls) starts it when the server offers it; --tls connects with TLS from the first byte."
            ]
        }
        var lines = [
            "Protocol:     \(info.protocolVersion)",
            "Cipher:       \(info.cipherSuite ?? "unknown")",
            "SNI sent:     \(info.serverNameSent ?? "none (connected by address)")",
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
                "  Valid:      \(CertificateSummary.format(certificate.notBefore)) to \(CertificateSummary.format(certificate.notAfter))")
            lines.append("  SHA-256:    \(certificate.sha256Fingerprint)")
        }
        // Subjects, issuers and names come from the server's certificate.
        return lines.map(VisibleText.escape)
    }
}
