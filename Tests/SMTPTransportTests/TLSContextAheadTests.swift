import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

/// What `--starttls` prepares: its TLS context, built on a thread of its own while the console
/// connects (`TLSContextAhead`), and the command that follows TLS, sent by the event loop the
/// moment TLS is up (`then`); against the real Postfix of `scripts/testenv`.
@Suite("STARTTLS prepared ahead (needs scripts/testenv)", .serialized)
struct TLSContextAheadTests {
    /// Waits (five seconds at most) until the build of `ahead` is over; whether it built the context.
    private func waitUntilReady(_ ahead: TLSContextAhead) async throws -> Bool {
        for _ in 0..<500 where ahead.isBuilding {
            try await Task.sleep(for: .milliseconds(10))
        }
        return ahead.isReady
    }

    /// STARTTLS through the completion-taking call, with `ahead` and `then`.
    private func startTLS(
        _ connection: SMTPConnection, settings: TLSSettings, ahead: TLSContextAhead?, then: String? = nil
    ) async -> Result<StartTLSOutcome, any Error> {
        await withCheckedContinuation { continuation in
            connection.startTLS(
                command: Array("STARTTLS\r\n".utf8), settings: settings, ahead: ahead, then: then.map { Array($0.utf8) }
            ) {
                continuation.resume(returning: $0)
            }
        }
    }

    /// Connects to Postfix's plain port (or `port`) and says EHLO.
    private func greeted(_ env: TestEnvironment, _ recorder: EventRecorder, port: Int? = nil) async throws -> SMTPConnection {
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: env.host, port: port ?? env.smtpPort), onEvent: recorder.onEvent)
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

    @Test("the command given to follow TLS goes out by itself once TLS is up, and Postfix answers it over TLS")
    func theCommandThatFollowsTLSIsSentWhenTLSIsUp() async throws {
        let env = try TestEnvironment.load()
        let settings = TLSSettings(serverName: env.hostname, caFile: env.caFile)
        let recorder = EventRecorder()
        let connection = try await greeted(env, recorder)
        let outcome = await startTLS(connection, settings: settings, ahead: nil, then: "EHLO client.smtpc.test\r\n")
        guard case .success(.established) = outcome else {
            Issue.record("STARTTLS did not establish TLS: \(outcome)")
            return
        }
        // Replies: greeting, EHLO, 220 to STARTTLS, then the answer to the EHLO sent after TLS.
        let answer = try await recorder.reply(number: 4)
        #expect(answer.code == 250)
        #expect(answer.textLines.contains { $0.hasPrefix("AUTH") }, "the capabilities offered over TLS")
        connection.closeNow()
    }

    @Test("a declined STARTTLS sends nothing after it: the next reply answers the next command")
    func nothingFollowsADeclinedStartTLS() async throws {
        let env = try TestEnvironment.load()
        let settings = TLSSettings(serverName: env.hostname, caFile: env.caFile)
        let recorder = EventRecorder()
        let connection = try await greeted(env, recorder, port: env.noTLSPort)
        let outcome = await startTLS(connection, settings: settings, ahead: nil, then: "EHLO client.smtpc.test\r\n")
        guard case .success(.declined(let refusal)) = outcome else {
            Issue.record("expected the server without TLS to decline STARTTLS: \(outcome)")
            return
        }
        #expect(refusal.code >= 400)
        try await connection.send(Array("NOOP\r\n".utf8)).get()
        let next = try await recorder.reply(number: 4)
        #expect(next.code == 250)
        #expect(next.lines.count == 1, "NOOP's one-line reply, not an EHLO reply: \(next.lines.map(\.text))")
        connection.closeNow()
    }
}
