import Testing

@testable import SMTPCore

/// Warnings for lines a server will likely reject (never refusals).
@Suite struct CommandWarningTests {
    private let ready = SessionMachineTests.ready()

    @Test func wellFormedCommandsGetNoWarning() {
        #expect(ready.warnings(for: "MAIL FROM:<alice@example.org> SIZE=1000 BODY=8BITMIME") == [])
        #expect(ready.warnings(for: "MAIL FROM:<>") == [])
        #expect(ready.warnings(for: "VRFY bob") == [])
        #expect(ready.warnings(for: "STARTTLS") == [])
        #expect(ready.warnings(for: "NOOP") == [])
        #expect(ready.warnings(for: "MAIL FROM:<jörg@例え.jp> SMTPUTF8") == [])
    }

    @Test func envelopeMistakes() {
        #expect(ready.warnings(for: "MAIL FROM:alice@example.org") == ["The address should be in angle brackets: MAIL FROM:<address>."])
        #expect(
            ready.warnings(for: "MAIL FROM: <alice@example.org>") == [
                "No space belongs after the colon (MAIL FROM:<address>); strict servers answer 501."
            ])
        #expect(ready.warnings(for: "MAIL alice@example.org").contains("Expected MAIL FROM:<address>."))
        #expect(
            ready.warnings(for: "MAIL FROM:<jörg@example.org>") == [
                "A non-ASCII address needs the SMTPUTF8 parameter on MAIL FROM (RFC 6531)."
            ])
    }

    @Test func outOfOrderCommands() {
        #expect(ready.warnings(for: "RCPT TO:<b@y>") == ["RCPT before MAIL: the server will answer 503."])
        #expect(ready.warnings(for: "DATA") == ["DATA before MAIL: the server will answer 503."])
        var greeted = SessionMachine()
        _ = greeted.replyReceived(code: 220)
        #expect(greeted.warnings(for: "MAIL FROM:<a@x>") == ["MAIL before HELO/EHLO: the server will likely answer 503."])

        var open = ready
        open.lineSent("MAIL FROM:<a@x>")
        _ = open.replyReceived(code: 250)
        #expect(open.warnings(for: "DATA") == ["DATA before any accepted RCPT: the server will answer 503 or 554."])
        #expect(open.warnings(for: "MAIL FROM:<a@x>") == ["A transaction is already open; the server will answer 503 (RSET first)."])
        #expect(open.warnings(for: "AUTH PLAIN").first == "AUTH is not allowed during a mail transaction (RFC 4954); RSET first.")
    }

    @Test func pipelinedCommandsAreJudgedWithWhatIsPending() {
        var session = ready
        session.lineSent("MAIL FROM:<a@x>")
        #expect(session.warnings(for: "RCPT TO:<b@y>") == [])
        session.lineSent("RCPT TO:<b@y>")
        #expect(session.warnings(for: "DATA") == [])
        session.lineSent("DATA")
        #expect(session.warnings(for: "NOOP") == ["Wait for the reply to DATA before sending more (RFC 2920)."])
    }

    @Test func pipeliningWithoutTheExtension() {
        var session = SessionMachineTests.afterEHLO(["SIZE": []])
        session.lineSent("MAIL FROM:<a@x>")
        #expect(session.warnings(for: "RCPT TO:<b@y>") == ["A reply is still pending and the server did not advertise PIPELINING."])
    }

    @Test func parametersTheServerDidNotAdvertise() {
        let session = SessionMachineTests.afterEHLO(["SIZE": ["1000"], "PIPELINING": []])
        #expect(session.warnings(for: "MAIL FROM:<a@x> SIZE=5000") == ["SIZE=5000 is over the server's advertised limit of 1000 bytes."])
        #expect(
            session.warnings(for: "MAIL FROM:<a@x> BODY=8BITMIME RET=HDRS") == [
                "BODY needs 8BITMIME, which the server did not advertise.",
                "RET needs DSN, which the server did not advertise.",
            ])
        #expect(ready.warnings(for: "MAIL FROM:<a@x> BODY=BINARYMIME") == ["BODY needs BINARYMIME, which the server did not advertise."])
        #expect(ready.warnings(for: "MAIL FROM:<a@x> NOTIFY=NEVER") == ["NOTIFY is a RCPT TO parameter."])
        #expect(ready.warnings(for: "MAIL FROM:<a@x> XFOO=1") == ["XFOO needs XFOO, which the server did not advertise."])
    }

    @Test func afterHeloParametersAreRefused() {
        var session = SessionMachine()
        _ = session.replyReceived(code: 220)
        session.lineSent("HELO c")
        _ = session.replyReceived(code: 250)
        #expect(
            session.warnings(for: "MAIL FROM:<a@x> SIZE=10") == [
                "After HELO the server offers no extensions; parameters will be refused (use EHLO)."
            ])
    }

    @Test func dsnValuesAreCheckedAsSmtpcSendChecksThem() {
        var session = SessionMachineTests.afterEHLO(["DSN": [], "PIPELINING": []])
        #expect(session.warnings(for: "MAIL FROM:<a@x> RET=HDRS ENVID=abc+2B1") == [])
        #expect(session.warnings(for: "MAIL FROM:<a@x> RET=BODY").count == 1)
        session.lineSent("MAIL FROM:<a@x>")
        _ = session.replyReceived(code: 250)
        #expect(session.warnings(for: "RCPT TO:<b@y> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@y") == [])
        let never = session.warnings(for: "RCPT TO:<b@y> NOTIFY=NEVER,SUCCESS")
        #expect(never.count == 1 && never[0].hasPrefix("NOTIFY=NEVER,SUCCESS: "), "\(never)")
        #expect(session.warnings(for: "RCPT TO:<b@y> ORCPT=b@y") == ["ORCPT=b@y: ORCPT is TYPE;ADDRESS, as rfc822;user@example.org"])
    }

    @Test func nonASCIIWithoutSMTPUTF8() {
        var session = SessionMachine()
        _ = session.replyReceived(code: 220)
        #expect(session.warnings(for: "EHLO münchen.example") == ["Non-ASCII characters, but the server did not advertise SMTPUTF8."])
    }

    @Test func longLinesAndControlCharacters() {
        let long = "VRFY " + String(repeating: "a", count: 506)
        #expect(ready.warnings(for: long) == ["Line is 513 bytes with CRLF; RFC 5321 allows 512 unless an extension raises it."])
        #expect(ready.warnings(for: String(long.dropLast())) == [])
        #expect(ready.warnings(for: "NOOP \u{1b}[2J") == ["The line contains control characters; servers may reject or misread it."])
    }

    @Test func startTLSAndAuthAvailability() {
        var session = SessionMachineTests.afterEHLO(["AUTH": ["PLAIN"], "PIPELINING": []])
        #expect(session.warnings(for: "STARTTLS") == ["The server did not offer STARTTLS in its EHLO reply."])
        #expect(session.warnings(for: "AUTH CRAM-MD5") == ["CRAM-MD5 is not among the advertised mechanisms: PLAIN."])
        #expect(ready.warnings(for: "AUTH PLAIN") == ["The server did not advertise AUTH (many servers offer it only after STARTTLS)."])
        session.tlsEstablished()
        #expect(session.warnings(for: "STARTTLS").contains("TLS is already active; the server will answer 503 or 554."))
    }

    @Test func unknownAndSessionTypeMismatches() {
        #expect(ready.warnings(for: "EHELO c") == ["Unknown command; the server will likely answer 500 or 502."])
        #expect(ready.warnings(for: "LHLO c") == ["LHLO is LMTP's greeting; an SMTP server will answer 500."])
        var lmtp = SessionMachine(lmtp: true)
        _ = lmtp.replyReceived(code: 220)
        #expect(lmtp.warnings(for: "EHLO c") == ["This is an LMTP session: the server expects LHLO."])
        let early = SessionMachine()
        #expect(early.warnings(for: "EHLO c") == ["The server has not sent its greeting yet; it may drop clients that talk first."])
    }

    @Test func bodyAndChallengeAnswers() {
        let session = SessionMachineTests.inBody()
        #expect(session.warnings(for: "MAIL FROM:a@x") == [], "a body line is not a command")
        #expect(session.warnings(for: String(repeating: "x", count: 999)) == ["Body line is 1001 bytes with CRLF; RFC 5321 allows 1000."])

        var auth = SessionMachine()
        _ = auth.replyReceived(code: 220)
        auth.lineSent("AUTH LOGIN")
        _ = auth.replyReceived(code: 334)
        #expect(auth.warnings(for: "Ym9i") == [])
        #expect(auth.warnings(for: "*") == [])
        #expect(auth.warnings(for: "bob") == ["A 334 challenge expects base64 (or * to cancel); this line is not valid base64."])
    }
}
