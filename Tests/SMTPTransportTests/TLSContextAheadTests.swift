import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

/// `--starttls` builds its TLS context on a thread of its own while the console connects
/// (`TLSContextAhead`); STARTTLS then uses it, against the real Postfix of `scripts/testenv`.
@Suite("TLS context built ahead (needs scripts/testenv)", .serialized)
struct TLSContextAheadTests {
    /// Waits (five seconds at most) until the build of `ahead` is over; whether it built the context.
    private func waitUntilReady(_ ahead: TLSContextAhead) async throws -> Bool {
        for _ in 0..<500 where ahead.isBuilding {
            try await Task.sleep(for: .milliseconds(10))
        }
        return ahead.isReady
    }

    /// STARTTLS through the completion-taking call, with `ahead`.
    private func startTLS(
        _ connection: SMTPConnection, settings: TLSSettings, ahead: TLSContextAhead
    ) async -> Result<StartTLSOutcome, any Error> {
        await withCheckedContinuation { continuation in
            connection.startTLS(command: Array("STARTTLS\r\n".utf8), settings: settings, ahead: ahead) {
                continuation.resume(returning: $0)
            }
        }
    }

    /// Connects to Postfix's plain port and says EHLO.
    private func greeted(_ env: TestEnvironment, _ recorder: EventRecorder) async throws -> SMTPConnection {
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: env.host, port: env.smtpPort), onEvent: recorder.onEvent)
        #expect(try await recorder.reply(number: 1).code == 220)
        try await connection.send(Array("EHLO client.smtpc.test\r\n".utf8)).get()
        #expect(try await recorder.reply(number: 2).code == 250)
        return connection
    }

    @Test("the context built ahead is the one STARTTLS uses, once, and it verifies the server")
    func builtAheadAndUsed() async throws {
        let env = try TestEnvironment.load()
        let settings = TLSSettings(serverName: env.hostname, caFile: env.caFile)
        let ahead = TLSContextAhead(settings: settings, endpoint: .tcp(host: env.host, port: env.smtpPort))
        #expect(try await waitUntilReady(ahead))
        let recorder = EventRecorder()
        let connection = try await greeted(env, recorder)
        guard case .success(.established(let info)) = await startTLS(connection, settings: settings, ahead: ahead) else {
            Issue.record("STARTTLS with the context built ahead did not establish TLS")
            return
        }
        #expect(info.verification == .verified(name: env.hostname))
        #expect(!ahead.isReady, "STARTTLS took the context")
        #expect(ahead.take(settings: settings, endpoint: .tcp(host: env.host, port: env.smtpPort)) == nil)
        connection.closeNow()
    }

    @Test("a context built for other settings or another server is left alone")
    func otherSettingsOrServerAreNotServed() async throws {
        let env = try TestEnvironment.load()
        let settings = TLSSettings(serverName: env.hostname, caFile: env.caFile)
        let endpoint = Endpoint.tcp(host: env.host, port: env.smtpPort)
        let ahead = TLSContextAhead(settings: settings, endpoint: endpoint)
        #expect(try await waitUntilReady(ahead))
        var insecure = settings
        insecure.insecure = true
        #expect(ahead.take(settings: insecure, endpoint: endpoint) == nil)
        #expect(ahead.take(settings: settings, endpoint: .tcp(host: env.host, port: env.submissionPort)) == nil)
        #expect(ahead.isReady)
        #expect(ahead.take(settings: settings, endpoint: endpoint) != nil)
    }

    @Test("a CA file that cannot be read builds nothing ahead; STARTTLS reports it as without")
    func unreadableFileIsReportedByStartTLS() async throws {
        let env = try TestEnvironment.load()
        let settings = TLSSettings(serverName: env.hostname, caFile: "/nonexistent/smtpc-ca.pem")
        let ahead = TLSContextAhead(settings: settings, endpoint: .tcp(host: env.host, port: env.smtpPort))
        #expect(try await !waitUntilReady(ahead))
        let recorder = EventRecorder()
        let connection = try await greeted(env, recorder)
        guard case .failure(let error) = await startTLS(connection, settings: settings, ahead: ahead) else {
            Issue.record("STARTTLS succeeded with a CA file that does not exist")
            return
        }
        let tlsError = error as? TLSError
        #expect(tlsError?.kind == .invalidSettings)
        #expect(tlsError?.message.contains("/nonexistent/smtpc-ca.pem") == true)
        connection.closeNow()
    }
}
