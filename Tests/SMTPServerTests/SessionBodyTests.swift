import Testing

@testable import SMTPServer

/// DATA and BDAT bodies: size limits, bare LF, long lines, chunking.
@Suite struct SessionBodyTests {
    @Test func sizeParameterOverTheLimitGets552() {
        var driver = SessionDriver { $0.maxMessageSize = 1024 }
        #expect(driver.command("EHLO c.example").contains("250-SIZE 1024"))
        #expect(driver.command("MAIL FROM:<a@x.org> SIZE=2048") == ["552 5.3.4 Message too big: this server takes at most 1024 bytes"])
        #expect(driver.command("MAIL FROM:<a@x.org> SIZE=big") == ["501 5.5.4 SIZE wants a number of bytes (RFC 1870)"])
        #expect(driver.command("MAIL FROM:<a@x.org> SIZE=100") == ["250 2.1.0 Sender <a@x.org> OK"])
    }

    @Test func aBodyOverTheLimitGets552AndIsNotKept() {
        var driver = SessionDriver { $0.maxMessageSize = 1024 }
        driver.openTransaction()
        driver.command("DATA")
        let line = String(repeating: "z", count: 100) + "\r\n"
        #expect(
            driver.send(String(repeating: line, count: 50) + ".\r\n") == ["552 5.3.4 Message too big: this server takes at most 1024 bytes"]
        )
        #expect(driver.deliveries.all.isEmpty)
        #expect(driver.session.body.bytes.isEmpty)
        #expect(driver.command("MAIL FROM:<a@x.org>").first?.hasPrefix("250") == true, "the transaction was ended")
    }

    /// The SMTP smuggling lesson: only CRLF . CRLF ends DATA; a bare LF anywhere in the body
    /// gets Postfix's 550 5.5.2 (smtpd_forbid_bare_newline = reject) at that end.
    @Test func aLoneDotEndedByABareLFIsBodyAndTheMessageIsRefused() {
        var driver = SessionDriver()
        #expect(driver.send("EHLO c.example\r\n").first?.hasPrefix("250-") == true)
        driver.openTransaction()
        #expect(driver.command("DATA") == ["354 End data with <CR><LF>.<CR><LF>"])
        // The smuggling attempt: .<LF> then a second transaction. All of it stays body.
        #expect(driver.send("Subject: one\r\n\r\nfirst\n.\nMAIL FROM:<evil@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n") == [])
        // LF . CRLF does not end it either: the line before did not end with CRLF.
        #expect(driver.send("smuggled\n.\r\n") == [])
        let replies = driver.send("\r\n.\r\n")
        #expect(replies.first == "550-5.5.2 Error: bare <LF> received")
        #expect(replies.contains { $0.contains("A lone . ended by a bare LF did not end the message") })
        #expect(replies.last?.hasPrefix("550 5.5.2 ") == true && replies.last?.contains("SMTP smuggling") == true)
        #expect(driver.deliveries.all.isEmpty, "nothing stored, no second message")
        #expect(driver.command("MAIL FROM:<a@x.org>").first?.hasPrefix("250") == true, "the transaction was ended")
    }

    @Test func aBareLFLineInTheBodyIsRefusedAtTheEnd() {
        var driver = SessionDriver()
        driver.openTransaction()
        driver.command("DATA")
        let replies = driver.send("line one\nline two\r\n.\r\n")
        #expect(replies.first == "550-5.5.2 Error: bare <LF> received")
        #expect(replies.contains { $0.contains("ended with a bare LF; SMTP lines end with CRLF") })
        #expect(driver.deliveries.all.isEmpty)
    }

    @Test func strictRefusesBareLFInCommands() {
        var driver = SessionDriver { $0.strict = true }
        #expect(driver.send("EHLO c.example\n") == ["500 5.5.2 Bare LF: end every line with CRLF (RFC 5321 §2.3.8)"])
    }

    @Test func strictRefusesMissingBracketsAndSpaceAfterColon() {
        var strict = SessionDriver { $0.strict = true }
        strict.command("EHLO c.example")
        #expect(strict.command("MAIL FROM:a@x.org") == ["501 5.5.4 The address must be in angle brackets: MAIL FROM:<address>"])
        #expect(
            strict.command("MAIL FROM: <a@x.org>") == [
                "501 5.5.4 No space is allowed after the colon: MAIL FROM:<address> (RFC 5321 §4.1.2)"
            ])
        #expect(strict.command("MAIL FROM:<a@x.org>").first?.hasPrefix("250") == true)

        var lenient = SessionDriver()
        lenient.command("EHLO c.example")
        #expect(lenient.command("MAIL FROM: a@x.org") == ["250 2.1.0 Sender <a@x.org> OK"])
        #expect(lenient.command("RCPT TO: <b@y.org>") == ["250 2.1.5 Recipient <b@y.org> OK"])
    }

    @Test func strictRefusesLinesLongerThan1000Octets() {
        var strict = SessionDriver { $0.strict = true }
        strict.openTransaction()
        strict.command("DATA")
        let reply = strict.send(String(repeating: "w", count: 1200) + "\r\n.\r\n")
        #expect(reply.first?.hasPrefix("554 5.6.0 Message refused: a line is longer than 1000 octets") == true)

        var lenient = SessionDriver()
        lenient.openTransaction()
        lenient.command("DATA")
        #expect(lenient.send(String(repeating: "w", count: 1200) + "\r\n.\r\n").first?.hasPrefix("250") == true)
        #expect(lenient.deliveries.all.first?.1.count == 1202, "the long line is kept whole")
    }

    @Test func aLineOfExactly998OctetsIsNotLong() {
        var strict = SessionDriver { $0.strict = true }
        strict.openTransaction()
        strict.command("DATA")
        #expect(strict.send(String(repeating: "w", count: 998) + "\r\n.\r\n").first?.hasPrefix("250") == true)
    }

    @Test func bdatChunksMakeOneMessage() {
        var driver = SessionDriver()
        driver.openTransaction()
        #expect(driver.send("BDAT 6\r\nHello ") == ["250 2.0.0 6 octets received so far"])
        #expect(driver.send("BDAT 7 LAST\r\n.world\n") == ["250 2.0.0 OK: queued as ID1"])
        #expect(
            driver.deliveries.all.first.map { String(decoding: $0.1, as: UTF8.self) } == "Hello .world\n", "BDAT bytes are kept exactly")
    }

    @Test func bdatWithoutATransactionStillConsumesItsChunk() {
        var driver = SessionDriver()
        driver.command("EHLO c.example")
        #expect(driver.send("BDAT 12 LAST\r\nQUIT\r\nQUIT\r\nNOOP\r\n") == ["503 5.5.1 Need MAIL and RCPT before BDAT", "250 2.0.0 OK"])
        #expect(!driver.closed, "the QUITs inside the chunk were data, not commands")
        #expect(driver.command("BDAT ten") == ["501 5.5.4 Syntax: BDAT size [LAST]"])
    }

    @Test func dataAfterBdatIsOutOfSequence() {
        var driver = SessionDriver()
        driver.openTransaction()
        driver.send("BDAT 2\r\nab")
        #expect(driver.command("DATA") == ["503 5.5.1 DATA cannot follow BDAT in one transaction (RFC 3030 §2)"])
    }

    @Test func bdatOverTheLimitGets552() {
        var driver = SessionDriver { $0.maxMessageSize = 10 }
        driver.openTransaction()
        #expect(
            driver.send("BDAT 20\r\n" + String(repeating: "x", count: 20)) == [
                "552 5.3.4 Message too big: this server takes at most 10 bytes"
            ])
        #expect(driver.command("BDAT 1 LAST").isEmpty)
        #expect(driver.send("y") == ["503 5.5.1 Need MAIL and RCPT before BDAT"])
    }
}
