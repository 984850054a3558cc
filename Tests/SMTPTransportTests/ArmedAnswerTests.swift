import NIOConcurrencyHelpers
import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

/// Answers armed in the connection's slot (`ConnectOptions.answers`): `--starttls`'s EHLO and STARTTLS,
/// written by the event loop the moment the greeting and the EHLO reply arrive, against the
/// real Postfix of `scripts/testenv` and against scripted servers that break the chain.
@Suite("Armed answers (needs scripts/testenv)", .serialized)
struct ArmedAnswerTests {
    private static let hello = Array("EHLO client.smtpc.test\r\n".utf8)

    /// Waits (five seconds at most) until the build of `ahead` is over.
    private func waitForBuild(_ ahead: TLSContextAhead) async throws {
        for _ in 0..<500 where ahead.isBuilding {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The prelude's two answers, the STARTTLS outcome going to `outcome`.
    private func preludeAnswers(
        ahead: TLSContextAhead, outcome: NIOLockedValueBox<Result<StartTLSOutcome, any Error>?>
    ) -> [ArmedAnswer] {
        [
            ArmedAnswer(when: .greeting, .write(Self.hello)),
            ArmedAnswer(
                when: .advertising("STARTTLS"),
                .startTLS(
                    command: Array("STARTTLS\r\n".utf8), ahead: ahead, then: Self.hello,
                    completion: { result in outcome.withLockedValue { $0 = result } })),
        ]
    }

    /// Connects to `port` with `answers` armed (nil: a slot left empty).
    private func connect(
        port: Int, answers: [ArmedAnswer]?, recorder: EventRecorder
    ) async throws -> SMTPConnection {
        let slot = AnswerSlot()
        if let answers { slot.arm(answers) }
        return try await SMTPConnection.connect(
            to: .tcp(host: "127.0.0.1", port: port), options: ConnectOptions(answers: slot), onEvent: recorder.onEvent)
    }

    /// A connection to Postfix's `port` with the prelude's answers armed, its TLS context
    /// (with `caFile`) built first.
    private struct Armed {
        let connection: SMTPConnection
        let recorder: EventRecorder
        let ahead: TLSContextAhead
        let outcome: NIOLockedValueBox<Result<StartTLSOutcome, any Error>?>
    }

    private func armedPrelude(_ env: TestEnvironment, port: Int, caFile: String) async throws -> Armed {
        let settings = TLSSettings(serverName: env.hostname, caFile: caFile)
        let ahead = TLSContextAhead(settings: settings, endpoint: .tcp(host: env.host, port: port))
        try await waitForBuild(ahead)
        let recorder = EventRecorder()
        let outcome = NIOLockedValueBox<Result<StartTLSOutcome, any Error>?>(nil)
        let connection = try await connect(
            port: port, answers: preludeAnswers(ahead: ahead, outcome: outcome), recorder: recorder)
        return Armed(connection: connection, recorder: recorder, ahead: ahead, outcome: outcome)
    }

    @Test("Postfix: EHLO answers the greeting, STARTTLS the EHLO reply, and EHLO follows TLS, with nothing sent by hand")
    func thePreludeRunsOnTheEventLoop() async throws {
        let env = try TestEnvironment.load()
        let armed = try await armedPrelude(env, port: env.smtpPort, caFile: env.caFile)
        let (connection, recorder, ahead, outcome) = (armed.connection, armed.recorder, armed.ahead, armed.outcome)
        // Greeting, EHLO reply, 220 to STARTTLS, and the EHLO reply over TLS.
        let last = try await recorder.reply(number: 4)
        #expect(last.code == 250)
        #expect(last.textLines.contains { $0.hasPrefix("AUTH") }, "the capabilities Postfix offers over TLS")
        let summaries = recorder.events.map(\.summary).map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(summaries.filter { $0 == "answer written" }.count == 2)
        #expect(summaries.first == "answer written", "announced before the reply it answers: \(summaries)")
        guard case .success(.established(let info))? = outcome.withLockedValue({ $0 }) else {
            Issue.record("STARTTLS's outcome: \(String(describing: outcome.withLockedValue { $0 }))")
            return
        }
        #expect(info.verification == .verified(name: env.hostname))
        #expect(!ahead.isReady, "the armed STARTTLS took the context")
        connection.closeNow()
    }

    @Test("a server that does not offer STARTTLS gets the EHLO and nothing more")
    func noStartTLSWithoutTheKeyword() async throws {
        let env = try TestEnvironment.load()
        let armed = try await armedPrelude(env, port: env.noTLSPort, caFile: env.caFile)
        let (connection, recorder, ahead, outcome) = (armed.connection, armed.recorder, armed.ahead, armed.outcome)
        #expect(try await recorder.reply(number: 2).code == 250)
        try await connection.send(Array("NOOP\r\n".utf8)).get()
        let next = try await recorder.reply(number: 3)
        #expect(next.code == 250)
        #expect(next.lines.count == 1, "NOOP's reply, not one to a STARTTLS: \(next.lines.map(\.text))")
        #expect(recorder.events.filter { $0.summary == "answer written" }.count == 1)
        #expect(outcome.withLockedValue { $0 } == nil)
        #expect(ahead.isReady, "the context was not taken")
        connection.closeNow()
    }

    @Test("without a built context STARTTLS is left to the caller")
    func noStartTLSWithoutAContext() async throws {
        let env = try TestEnvironment.load()
        let armed = try await armedPrelude(env, port: env.smtpPort, caFile: "/nonexistent/smtpc-ca.pem")
        let (connection, recorder, outcome) = (armed.connection, armed.recorder, armed.outcome)
        let capabilities = try await recorder.reply(number: 2)
        #expect(capabilities.textLines.contains("STARTTLS"))
        try await connection.send(Array("NOOP\r\n".utf8)).get()
        let next = try await recorder.reply(number: 3)
        #expect(next.lines.count == 1 && next.code == 250, "NOOP's reply: \(next.lines.map(\.text))")
        #expect(recorder.events.filter { $0.summary == "answer written" }.count == 1)
        #expect(outcome.withLockedValue { $0 } == nil)
        connection.closeNow()
    }

    /// Connects to a server that greets with `greeting` (`replies` replies in all), an EHLO
    /// armed for the greeting (unless `armed` is false: the slot is left empty), and sends a
    /// NOOP by hand: the server must have received only it.
    private func expectNothingAnswered(
        greeting: [ScriptedServer.Step], replies: Int, armed: Bool = true
    ) async throws {
        let server = try await ScriptedServer(script: .init(greeting: greeting))
        defer { Task { await server.stop() } }
        let recorder = EventRecorder()
        let connection = try await connect(
            port: server.port, answers: armed ? [ArmedAnswer(when: .greeting, .write(Array("EHLO x\r\n".utf8)))] : nil,
            recorder: recorder)
        _ = try await recorder.reply(number: replies)
        try await connection.send(Array("NOOP\r\n".utf8)).get()
        _ = try await recorder.reply(number: replies + 1)
        #expect(server.received == ["NOOP"], "nothing before the NOOP sent by hand")
        #expect(!recorder.events.contains { $0.summary == "answer written" })
        connection.closeNow()
    }

    @Test("a slot not armed by the greeting (the EHLO name not worked out yet) writes nothing; arming it later is refused")
    func aSlotArmedTooLateWritesNothing() async throws {
        try await expectNothingAnswered(greeting: [.send("220 mx.test ESMTP\r\n")], replies: 1, armed: false)
        let slot = AnswerSlot()
        _ = slot.take()
        #expect(!slot.arm([ArmedAnswer(when: .greeting, .write(Array("EHLO x\r\n".utf8)))]), "too late: the first reply came")
    }

    @Test("a greeting other than 220 is not answered")
    func aRefusalIsNotAnswered() async throws {
        try await expectNothingAnswered(greeting: [.send("554 5.3.2 not now\r\n")], replies: 1)
    }

    @Test("a malformed line before the greeting disarms every answer")
    func aParseErrorDisarms() async throws {
        try await expectNothingAnswered(
            greeting: [.send("hello there\r\n"), .pause(milliseconds: 50), .send("220 mx.test ESMTP\r\n")], replies: 1)
    }

    @Test("a greeting with more bytes behind it in the same read is not answered")
    func bytesBehindTheReplyDisarm() async throws {
        try await expectNothingAnswered(greeting: [.send("220 mx.test ESMTP\r\n250 what\r\n")], replies: 2)
    }
}
