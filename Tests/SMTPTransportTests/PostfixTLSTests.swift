import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

/// STARTTLS and implicit TLS against the real Postfix of `scripts/testenv`, with its test CA.
///
/// These fail when the test servers are not running: start them with `scripts/testenv/start`.
@Suite("Postfix TLS (needs scripts/testenv)", .serialized)
struct PostfixTLSTests {
    /// Connects to Postfix's plain port, reads the banner and sends EHLO; returns the EHLO reply.
    private func plainSession(
        _ env: TestEnvironment, recorder: EventRecorder
    ) async throws -> (SMTPConnection, Reply) {
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: env.host, port: env.smtpPort), onEvent: recorder.onEvent)
        #expect(try await recorder.reply(number: 1).code == 220)
        try await connection.send(Array("EHLO client.smtpc.test\r\n".utf8)).get()
        let ehlo = try await recorder.reply(number: 2)
        return (connection, ehlo)
    }

    private func quit(_ connection: SMTPConnection, _ recorder: EventRecorder) async throws {
        try await connection.send(Array("QUIT\r\n".utf8)).get()
        #expect(try await recorder.closed() == .byServer)
    }

    @Test("STARTTLS with --cafile verifies the certificate, then EHLO shows the post-TLS capabilities")
    func startTLSWithCA() async throws {
        let env = try TestEnvironment.load()
        let recorder = EventRecorder()
        let (connection, ehlo) = try await plainSession(env, recorder: recorder)
        #expect(ehlo.textLines.contains("STARTTLS"))

        let outcome = try await connection.startTLS(
            settings: TLSSettings(serverName: env.hostname, caFile: env.caFile))
        guard case .established(let info) = outcome else {
            Issue.record("Postfix declined STARTTLS: \(outcome)")
            return
        }
        #expect(info.verification == .verified(name: env.hostname))
        #expect(info.serverNameSent == env.hostname)
        #expect(["TLSv1.2", "TLSv1.3"].contains(info.protocolVersion))
        #expect(info.cipherSuite?.hasPrefix("TLS_") == true)
        #expect(info.certificates.first?.subject.contains("CN=\(env.hostname)") == true)
        #expect(info.certificates.count == 2)

        try await connection.send(Array("EHLO client.smtpc.test\r\n".utf8)).get()
        let second = try await recorder.reply(number: 4)
        #expect(second.code == 250)
        #expect(!second.textLines.contains("STARTTLS"))
        #expect(second.textLines.contains { $0.hasPrefix("AUTH") })
        try await quit(connection, recorder)
    }

    @Test("without --cafile, verification fails naming an unknown issuer and suggesting --cafile")
    func startTLSWithoutCA() async throws {
        let env = try TestEnvironment.load()
        let recorder = EventRecorder()
        let (connection, _) = try await plainSession(env, recorder: recorder)
        let error = await #expect(throws: TLSError.self) {
            try await connection.startTLS(settings: TLSSettings(serverName: env.hostname))
        }
        #expect(error?.kind == .untrustedCertificate)
        #expect(error?.message.contains("unknown issuer") == true)
        #expect(error?.suggestion?.contains("--cafile") == true)
        if case .error = try await recorder.closed() {} else { Issue.record("expected the connection to close with an error") }
    }

    @Test("a --servername the certificate does not list is a name mismatch")
    func startTLSWrongName() async throws {
        let env = try TestEnvironment.load()
        let recorder = EventRecorder()
        let (connection, _) = try await plainSession(env, recorder: recorder)
        let error = await #expect(throws: TLSError.self) {
            try await connection.startTLS(settings: TLSSettings(serverName: "wrong.example", caFile: env.caFile))
        }
        #expect(error?.kind == .hostnameMismatch)
        #expect(error?.message.contains("does not match wrong.example") == true)
    }

    @Test("--insecure completes STARTTLS without the CA and says it did not verify")
    func startTLSInsecure() async throws {
        let env = try TestEnvironment.load()
        let recorder = EventRecorder()
        let (connection, _) = try await plainSession(env, recorder: recorder)
        let outcome = try await connection.startTLS(settings: TLSSettings(serverName: env.hostname, insecure: true))
        guard case .established(let info) = outcome else {
            Issue.record("Postfix declined STARTTLS: \(outcome)")
            return
        }
        #expect(!info.isVerified)
        if case .skipped(let problem) = info.verification {
            #expect(problem?.contains("unknown issuer") == true)
        }
        try await connection.send(Array("NOOP\r\n".utf8)).get()
        #expect(try await recorder.reply(number: 4).code == 250)
        try await quit(connection, recorder)
    }

    @Test("implicit TLS on the SMTPS port: handshake first, then the banner")
    func implicitTLS() async throws {
        let env = try TestEnvironment.load()
        let recorder = EventRecorder()
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: env.host, port: env.smtpsPort),
            options: ConnectOptions(tls: .implicit(TLSSettings(serverName: env.hostname, caFile: env.caFile))),
            onEvent: recorder.onEvent)
        let banner = try await recorder.reply(number: 1)
        #expect(banner.code == 220)
        let info = try #require(recorder.events.first?.tlsInfo)
        #expect(info.isVerified)
        try await quit(connection, recorder)
    }
}
