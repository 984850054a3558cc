import Testing

@testable import SMTPServer

/// The annotated log `smtpc serve` prints, and the `--listen` address rules.
@Suite struct LogAndConfigurationTests {
    @Test func repliesAreAnnotatedInTheContextOfTheirCommand() {
        let formatter = ServerLogFormatter()
        #expect(
            formatter.lines(for: ServerEvent(connection: 3, kind: .session(.command("RCPT TO:<b@y.org>")))) == ["[#3] C: RCPT TO:<b@y.org>"]
        )
        let lines = formatter.lines(for: ServerEvent(connection: 3, kind: .reply(ServerReply(250, "2.1.5", "Recipient <b@y.org> OK"))))
        #expect(lines.first == "[#3] S: 250 2.1.5 Recipient <b@y.org> OK")
        #expect(lines.last?.contains("↳ 250 Recipient accepted") == true, "read as a reply to RCPT: \(lines)")
        #expect(lines.last?.contains("2.1.5 Success: Destination address valid") == true)
    }

    @Test func aMultiLineReplyGetsOneAnnotation() {
        let formatter = ServerLogFormatter()
        let lines = formatter.lines(for: ServerEvent(connection: 1, kind: .reply(ServerReply(214, "2.0.0", ["one", "two"]))))
        #expect(lines.count == 3)
        #expect(lines[0] == "[#1] S: 214-2.0.0 one" && lines[1] == "[#1] S: 214 2.0.0 two")
    }

    @Test func listenAcceptsLoopbackForms() throws {
        var configuration = PracticeServerConfiguration()
        try configuration.listen(on: "127.0.0.1:2600")
        #expect(configuration.host == "127.0.0.1" && configuration.port == 2600)
        try configuration.listen(on: "[::1]:0")
        #expect(configuration.host == "::1" && configuration.port == 0)
        try configuration.listen(on: "localhost")
        #expect(configuration.host == "localhost" && configuration.port == 0)
        try configuration.listen(on: ":2525")
        #expect(configuration.host == "localhost" && configuration.port == 2525)
        try configuration.listen(on: "127.1.2.3:25")
        #expect(configuration.host == "127.1.2.3")
    }

    @Test func listenRefusesOtherAddressesClearly() {
        var configuration = PracticeServerConfiguration()
        for text in ["0.0.0.0:2525", "192.168.1.1:25", "[::]:25", "mail.example.org:25"] {
            #expect(throws: PracticeServerError.self) { try configuration.listen(on: text) }
        }
        #expect(throws: PracticeServerError.self) { try configuration.listen(on: "127.0.0.1:99999") }
        do {
            try configuration.listen(on: "0.0.0.0:2525")
        } catch {
            #expect("\(error)".contains("binds to loopback only"))
        }
        #expect(configuration.host == "127.0.0.1" && configuration.port == 1025, "unchanged after a refusal")
    }

    @Test func scenariosApplyTheirSettings() {
        var configuration = PracticeServerConfiguration()
        for scenario in Scenario.allCases { configuration.apply(scenario) }
        #expect(configuration.scenarios == Scenario.allCases)
        #expect(configuration.greylistDelay == .seconds(10) && configuration.replyDelay == .seconds(2))
        #expect(configuration.maxMessageSize == 1024 && configuration.idleTimeout == .seconds(5))
        #expect(configuration.dropEveryOtherConnectionAfterRCPT && configuration.strict && !configuration.tlsEnabled)
    }
}
