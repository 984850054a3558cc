import Testing

@testable import SMTPCore

/// `/state` text, next steps, and DATA body lines.
@Suite struct SessionDescriptionAndBodyTests {
    @Test func describeBeforeAndAfterTheGreeting() {
        var session = SessionMachine()
        #expect(session.describe() == "Connected; waiting for the server's greeting (220).")
        _ = session.replyReceived(code: 220)
        #expect(
            session.describe() == """
                Greeted by the server; introduce yourself with EHLO (or HELO).
                Connection: no TLS (plaintext), not authenticated.
                Next:
                  EHLO your.host.name \u{2014} introduce yourself and learn the server's extensions
                  HELO your.host.name \u{2014} introduce yourself without extensions
                """)
    }

    @Test func describeInATransactionListsWhatMayComeNext() {
        let session = SessionMachineTests.run(
            SessionMachineTests.ready(), send: ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "RCPT TO:<c@y>"], replies: [250, 250, 550])
        let text = session.describe()
        #expect(text.hasPrefix("In a mail transaction: sender accepted, 1 recipient accepted (1 refused).\n"))
        #expect(session.nextSteps.map(\.verb) == [.rcpt, .data, .bdat, .rset, .noop])
        #expect(text.contains("  DATA \u{2014} send the message"))
        #expect(text.contains("  BDAT <size> [LAST] \u{2014} send the message in chunks"))
    }

    @Test func describeWhileWaiting() {
        var session = SessionMachineTests.run(
            SessionMachineTests.ready(), send: ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "DATA"], replies: [])
        #expect(
            session.describe() == """
                DATA sent; waiting for 354 before the message body.
                Connection: no TLS (plaintext), not authenticated.
                Waiting for 3 replies: MAIL, RCPT, DATA.
                """)
        for code in [250, 250, 354] { _ = session.replyReceived(code: code) }
        #expect(session.describe().hasPrefix("Writing the message body"))
        session.lineSent(".")
        #expect(session.describe().contains("Waiting for 1 reply: end of data."))
    }

    @Test func readyStepsDependOnWhatWasOffered() {
        var session = SessionMachineTests.afterEHLO(["STARTTLS": [], "AUTH": ["PLAIN"]])
        #expect(session.nextSteps.map(\.verb) == [.startTLS, .auth, .mail, .vrfy, .help, .noop, .quit])
        session.tlsEstablished()
        #expect(session.describe().contains("Connection: TLS active, not authenticated."))
        #expect(session.nextSteps.map(\.verb) == [.ehlo, .helo])
    }

    @Test func describeAfterTheConnectionCloses() {
        var session = SessionMachineTests.ready()
        session.connectionClosed()
        #expect(session.describe() == "Not connected. Use /reconnect or /connect HOST [PORT].")
        #expect(session.nextSteps.isEmpty)
    }

    @Test func bodyLinesAreDotStuffed() {
        let plain = BodyLine(typed: "Hello")
        #expect(plain.bytes == Array("Hello\r\n".utf8) && !plain.wasStuffed && !plain.isTerminator)
        let dotted = BodyLine(typed: ".signature")
        #expect(dotted.bytes == Array("..signature\r\n".utf8) && dotted.wasStuffed)
        let twoDots = BodyLine(typed: "..")
        #expect(twoDots.bytes == Array("...\r\n".utf8) && twoDots.wasStuffed && !twoDots.isTerminator)
        let spaceDot = BodyLine(typed: ". ")
        #expect(spaceDot.bytes == Array(".. \r\n".utf8) && !spaceDot.isTerminator)
        let end = BodyLine(typed: ".")
        #expect(end.bytes == Array(".\r\n".utf8) && end.isTerminator && !end.wasStuffed)
        let empty = BodyLine(typed: "")
        #expect(empty.bytes == [0x0D, 0x0A] && !empty.isTerminator)
        #expect(BodyLine(typed: "über").bytes == Array("über\r\n".utf8))
    }

    @Test func stuffedLinesDoNotEndTheBodyInTheMachine() {
        var session = SessionMachineTests.inBody()
        // The console may pass the line as typed or as sent: neither form of "..", "...", ". " ends it.
        for line in ["..", "...", ". ", " ."] {
            #expect(session.lineSent(line).kind == .bodyLine)
        }
        #expect(session.inputMode == .dataBody)
        #expect(session.lineSent(".").kind == .endOfBody)
    }
}
