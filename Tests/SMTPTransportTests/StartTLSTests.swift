import NIOCore
import NIOSSL
import SMTPCore
import Testing

@testable import SMTPTransport

/// STARTTLS and implicit TLS against a local scripted server with certificates made by openssl.
@Suite("STARTTLS and implicit TLS")
struct StartTLSTests {
    /// A server that answers STARTTLS with `answer` and then, for a 220, speaks TLS with `certificate`.
    private func startTLSServer(
        certificate: String = "server", answer: [ScriptedServer.Step]? = nil
    ) async throws -> ScriptedServer {
        let context = try TestCertificates.shared().serverContext(certificate)
        return try await ScriptedServer(
            script: .init(greeting: [.send("220 mx.test ESMTP\r\n")]) { line in
                switch line {
                case "STARTTLS": return answer ?? [.send("220 2.0.0 Ready to start TLS\r\n"), .startTLS(context)]
                case "EHLO after.tls": return [.send("250-mx.test\r\n250 AUTH PLAIN\r\n")]
                default: return [.send("250 OK\r\n")]
                }
            })
    }

    private func connectAndReadBanner(_ server: ScriptedServer, recorder: EventRecorder) async throws -> SMTPConnection {
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: "localhost", port: server.port), options: ConnectOptions(addressFamily: .v4),
            onEvent: recorder.onEvent)
        _ = try await recorder.reply(number: 1)
        return connection
    }

    private func verifying(caFile: String? = nil, insecure: Bool = false) throws -> TLSSettings {
        TLSSettings(caFile: caFile, insecure: insecure, handshakeTimeout: .seconds(5))
    }

    @Test("with the CA given, STARTTLS verifies, and the session's details are real")
    func startTLSVerifies() async throws {
        let certificates = try TestCertificates.shared()
        let server = try await startTLSServer()
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)

        let outcome = try await connection.startTLS(settings: verifying(caFile: certificates.caFile))
        guard case .established(let info) = outcome else {
            Issue.record("expected a handshake, got \(outcome)")
            return
        }
        #expect(info.isVerified)
        #expect(info.protocolVersion == "TLSv1.3")
        #expect(
            ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
                .contains(info.cipherSuite ?? "none"))
        #expect(info.serverNameSent == "localhost")
        #expect(
            info.certificates.map(\.subject) == [
                "O=smtpc tests, CN=localhost", "O=smtpc tests, CN=smtpc test CA",
            ])
        #expect(info.certificates.first?.issuer == "O=smtpc tests, CN=smtpc test CA")
        #expect(info.certificates.first?.subjectAlternativeNames == ["localhost", "127.0.0.1"])
        #expect(info.certificates.first?.sha256Fingerprint == (try certificates.opensslFingerprint("server")))
        #expect(info.certificates.last?.sha256Fingerprint == (try certificates.opensslFingerprint("ca")))
        #expect(info.summary.hasSuffix("verified"))

        // The reply and the handshake were delivered as events too, in that order.
        try await recorder.wait { $0.tlsInfo != nil }
        #expect(recorder.events.map(\.summary).prefix(2) == ["reply 220 [\"mx.test ESMTP\"]", "reply 220 [\"2.0.0 Ready to start TLS\"]"])
        #expect(recorder.events.last?.tlsInfo == info)

        // The session goes on encrypted.
        try await connection.send(Array("EHLO after.tls\r\n".utf8)).get()
        #expect(try await recorder.reply(number: 3).textLines == ["mx.test", "AUTH PLAIN"])
        #expect(server.received == ["STARTTLS", "EHLO after.tls"])

        let again = await #expect(throws: ConnectionError.self) {
            try await connection.startTLS(settings: verifying(caFile: certificates.caFile))
        }
        #expect(again?.kind == .tlsAlreadyActive)
        await connection.close()
        #expect(try await recorder.closed() == .byClient)
        await server.stop()
    }

    @Test("bytes after the 220 in the same read are refused as plaintext injection and the connection closed")
    func injectionInSameRead() async throws {
        let server = try await startTLSServer(answer: [.send("220 Ready\r\n250 injected reply\r\n")])
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)
        let error = await #expect(throws: TLSError.self) { try await connection.startTLS(settings: verifying()) }
        #expect(error?.kind == .plaintextInjection)
        #expect(error?.message.hasPrefix("the server sent 20 byte(s) after its 220 reply to STARTTLS") == true)
        #expect(error?.message.contains("250 injected reply\\r\\n") == true)
        let reason = try await recorder.closed()
        #expect(reason == .error(error?.description ?? ""))
        // The injected reply never reaches the console as a reply.
        #expect(recorder.events.compactMap(\.reply).map(\.code) == [220, 220])
        await server.stop()
    }

    @Test("a partial line after the 220 counts as injection too")
    func injectionPartialLine() async throws {
        let server = try await startTLSServer(answer: [.send("220 Ready\r\nMAIL")])
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)
        let error = await #expect(throws: TLSError.self) { try await connection.startTLS(settings: verifying()) }
        #expect(error?.kind == .plaintextInjection)
        #expect(error?.message.hasPrefix("the server sent 4 byte(s)") == true)
        await server.stop()
    }

    @Test("plaintext arriving after the 220 in a later read breaks the handshake; nothing is delivered from it")
    func injectionInLaterRead() async throws {
        let server = try await startTLSServer(answer: [
            .send("220 Ready\r\n"), .pause(milliseconds: 20), .send("250 injected later\r\n"),
        ])
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)
        await #expect(throws: TLSError.self) { try await connection.startTLS(settings: verifying()) }
        _ = try await recorder.closed()
        #expect(recorder.events.compactMap(\.reply).map(\.code) == [220, 220])
        #expect(recorder.events.allSatisfy { $0.tlsInfo == nil })
        await server.stop()
    }

    @Test("a refused STARTTLS leaves the plaintext connection as it was")
    func declined() async throws {
        let server = try await startTLSServer(answer: [.send("454 4.7.0 TLS not available\r\n")])
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)
        let outcome = try await connection.startTLS(settings: verifying())
        guard case .declined(let reply) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(reply.code == 454)
        try await connection.send(Array("NOOP\r\n".utf8)).get()
        #expect(try await recorder.reply(number: 3).code == 250)
        #expect(server.received == ["STARTTLS", "NOOP"])
        await connection.close()
        await server.stop()
    }

    @Test("without the CA the certificate is refused as from an unknown issuer, with the fix suggested")
    func unknownIssuer() async throws {
        let server = try await startTLSServer()
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)
        let error = await #expect(throws: TLSError.self) { try await connection.startTLS(settings: verifying()) }
        #expect(error?.kind == .untrustedCertificate)
        #expect(
            error?.message == "certificate verification failed for localhost: unknown issuer: "
                + "O=smtpc tests, CN=smtpc test CA, which issued O=smtpc tests, CN=localhost, is not a trusted CA")
        #expect(error?.suggestion?.contains("--cafile") == true)
        #expect(error?.certificates.first?.subject == "O=smtpc tests, CN=localhost")
        if case .error = try await recorder.closed() {} else { Issue.record("expected an error close") }
        await server.stop()
    }

    @Test("a certificate for another name is a name mismatch, suggesting --servername")
    func wrongName() async throws {
        let certificates = try TestCertificates.shared()
        let server = try await startTLSServer(certificate: "wrongname")
        let connection = try await connectAndReadBanner(server, recorder: EventRecorder())
        let error = await #expect(throws: TLSError.self) {
            try await connection.startTLS(settings: verifying(caFile: certificates.caFile))
        }
        #expect(error?.kind == .hostnameMismatch)
        #expect(error?.message == "certificate verification failed: the certificate does not match localhost (it is for wrong.example)")
        #expect(error?.suggestion?.contains("--servername") == true)
        // Refused inside verification: the server's handshake failed on our alert, so it
        // never had our Finished (a check after the handshake would have let it finish).
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.errors.contains { $0.hasPrefix("handshakeFailed") && $0.contains("_ALERT_") }, "server saw: \(server.errors)")
        await server.stop()
    }

    @Test("--servername must be in the certificate even when its IP address entry matches the peer")
    func serverNameBeatsAddressMatch() async throws {
        let certificates = try TestCertificates.shared()
        let server = try await startTLSServer()
        let recorder = EventRecorder()
        let connection = try await connectAndReadBanner(server, recorder: recorder)
        let error = await #expect(throws: TLSError.self) {
            try await connection.startTLS(
                settings: TLSSettings(serverName: "wrong.example", caFile: certificates.caFile, handshakeTimeout: .seconds(5)))
        }
        #expect(error?.kind == .hostnameMismatch)
        #expect(
            error?.message
                == "certificate verification failed: the certificate does not match wrong.example (it is for localhost, 127.0.0.1)")
        if case .error = try await recorder.closed() {} else { Issue.record("expected an error close") }
        #expect(recorder.events.allSatisfy { $0.tlsInfo == nil })
        await server.stop()
    }

    @Test("an expired certificate is reported as expired")
    func expired() async throws {
        let certificates = try TestCertificates.shared()
        let server = try await startTLSServer(certificate: "expired")
        let connection = try await connectAndReadBanner(server, recorder: EventRecorder())
        let error = await #expect(throws: TLSError.self) {
            try await connection.startTLS(settings: verifying(caFile: certificates.caFile))
        }
        #expect(error?.kind == .certificateExpired)
        #expect(error?.message.contains("expired on") == true)
        await server.stop()
    }

    @Test("--insecure completes the handshake but says it did not verify, and what was wrong")
    func insecure() async throws {
        let server = try await startTLSServer(certificate: "selfsigned")
        let connection = try await connectAndReadBanner(server, recorder: EventRecorder())
        let outcome = try await connection.startTLS(settings: verifying(insecure: true))
        guard case .established(let info) = outcome else {
            Issue.record("expected a handshake, got \(outcome)")
            return
        }
        #expect(!info.isVerified)
        #expect(info.verification == .skipped(problem: "unknown issuer: CN=localhost is self-signed and not trusted"))
        #expect(info.summary.contains("NOT verified (--insecure; unknown issuer"))
        #expect(info.certificates.map(\.subject) == ["CN=localhost"])
        await connection.close()
        await server.stop()
    }

    @Test("implicit TLS: the handshake is reported first, then the banner arrives encrypted")
    func implicitTLS() async throws {
        let certificates = try TestCertificates.shared()
        let server = try await ScriptedServer(
            script: .init(greeting: [.send("220 smtps ready\r\n")]),
            implicitTLS: try certificates.serverContext("server"))
        let recorder = EventRecorder()
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: "127.0.0.1", port: server.port),
            options: ConnectOptions(tls: .implicit(verifying(caFile: certificates.caFile))),
            onEvent: recorder.onEvent)
        let banner = try await recorder.reply(number: 1)
        #expect(banner.textLines == ["smtps ready"])
        let info = try #require(recorder.events.first?.tlsInfo)
        // A literal address: no SNI is sent and the certificate's IP entry is what matched.
        #expect(info.serverNameSent == nil)
        #expect(info.verification == .verified(name: nil))
        await connection.close()
        await server.stop()
    }

    @Test("implicit TLS to a server that never answers the handshake times out, with no events")
    func implicitTLSTimeout() async throws {
        let server = try await ScriptedServer(script: .init(greeting: [], reply: { _ in [] }))
        let recorder = EventRecorder()
        let error = await #expect(throws: TLSError.self) {
            try await SMTPConnection.connect(
                to: .tcp(host: "127.0.0.1", port: server.port),
                options: ConnectOptions(tls: .implicit(TLSSettings(insecure: true, handshakeTimeout: .milliseconds(300)))),
                onEvent: recorder.onEvent)
        }
        #expect(error?.kind == .timedOut)
        try await Task.sleep(for: .milliseconds(50))
        #expect(recorder.events.isEmpty)
        await server.stop()
    }

    @Test("a CA file that does not exist is named in the error before anything is sent")
    func missingCAFile() async throws {
        let error = #expect(throws: TLSError.self) {
            try PreparedTLS.make(settings: TLSSettings(caFile: "/nonexistent/ca.pem"), endpoint: .tcp(host: "mx.test", port: 25))
        }
        #expect(error?.kind == .invalidSettings)
        #expect(error?.message == "cannot read the CA file /nonexistent/ca.pem: no such file or directory")
    }
}
