import SMTPCore
import Testing

@testable import SMTPServer

/// The order of commands: what is refused with 503/554, and what a full conversation looks like.
@Suite struct SessionSequenceTests {
    @Test func greetingIs220WithTheHostname() {
        let driver = SessionDriver()
        let banner = "localhost ESMTP smtpc \(SmtpcVersion.number) practice server ready"
        #expect(driver.session.greeting() == [.reply(ServerReply(220, nil, banner))])
    }

    @Test func aWholeTransactionIsStoredDotUnstuffed() {
        var driver = SessionDriver()
        let ehlo = driver.command("EHLO client.example")
        #expect(ehlo.first == "250-localhost Hello client.example [127.0.0.1]")
        #expect(ehlo.contains("250-PIPELINING") && ehlo.contains("250-CHUNKING") && ehlo.contains("250-STARTTLS"))
        #expect(!ehlo.contains { $0.contains("AUTH") }, "AUTH is not offered before STARTTLS")
        #expect(driver.command("MAIL FROM:<a@example.org>") == ["250 2.1.0 Sender <a@example.org> OK"])
        #expect(driver.command("RCPT TO:<b@example.net>") == ["250 2.1.5 Recipient <b@example.net> OK"])
        #expect(driver.command("DATA") == ["354 End data with <CR><LF>.<CR><LF>"])
        #expect(driver.send("Subject: hi\r\n\r\n..leading dot\r\nbody\r\n.\r\n") == ["250 2.0.0 OK: queued as ID1"])
        let (envelope, data) = try! #require(driver.deliveries.all.first)
        #expect(envelope.from == "a@example.org" && envelope.recipients == ["b@example.net"])
        #expect(String(decoding: data, as: UTF8.self) == "Subject: hi\r\n\r\n.leading dot\r\nbody\r\n")
        #expect(driver.command("QUIT") == ["221 2.0.0 localhost Bye"])
        #expect(driver.closed)
    }

    @Test func pipelinedCommandsAreAnsweredInOrderFromOneRead() {
        var driver = SessionDriver()
        driver.command("EHLO c.example")
        let lines = driver.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nRCPT TO:<c@y.org>\r\nDATA\r\nhello\r\n.\r\nQUIT\r\n")
        #expect(driver.codes == [250, 250, 250, 354, 250, 221])
        #expect(lines.last == "221 2.0.0 localhost Bye")
        #expect(driver.deliveries.all.first?.0.recipients == ["b@y.org", "c@y.org"])
    }

    @Test func byteByByteInputGivesTheSameReplies() {
        var whole = SessionDriver()
        var split = SessionDriver()
        let script = "EHLO c.example\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n.x\r\n.\r\nBDAT 3 LAST\r\nabcRSET\r\n"
        let expected = whole.send(script)
        var got: [String] = []
        for byte in Array(script.utf8) { got += split.sendBytes([byte]) }
        #expect(got == expected)
        #expect(split.deliveries.all.map(\.1) == whole.deliveries.all.map(\.1))
    }

    @Test func outOfOrderCommandsGet503() {
        var driver = SessionDriver()
        #expect(driver.command("MAIL FROM:<a@x.org>") == ["503 5.5.1 Say EHLO (or HELO) before MAIL"])
        driver.command("HELO c.example")
        #expect(driver.command("RCPT TO:<b@y.org>") == ["503 5.5.1 Need MAIL before RCPT"])
        #expect(driver.command("DATA") == ["503 5.5.1 Need MAIL and RCPT before DATA"])
        driver.command("MAIL FROM:<a@x.org>")
        #expect(driver.command("MAIL FROM:<a@x.org>").first?.hasPrefix("503 5.5.1 Nested MAIL") == true)
        #expect(driver.command("DATA") == ["554 5.5.1 No valid recipients: RCPT must be accepted before DATA"])
        #expect(driver.command("RSET") == ["250 2.0.0 Flushed: no transaction open"])
        #expect(driver.command("RCPT TO:<b@y.org>").first?.hasPrefix("503") == true, "RSET ended the transaction")
    }

    @Test func unknownCommandsAndBadSyntax() {
        var driver = SessionDriver()
        #expect(driver.command("FROB nicate") == ["500 5.5.2 Command not recognized: FROB nicate"])
        #expect(driver.command("") == ["500 5.5.2 Empty command line"])
        #expect(driver.command("EHLO").first?.hasPrefix("501 5.5.4 EHLO needs your host name") == true)
        driver.command("EHLO c.example")
        #expect(driver.command("MAIL <a@x.org>") == ["501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"])
        #expect(driver.command("MAIL FROM:<nobody>") == ["501 5.1.7 Bad sender address <nobody>: it has no @domain"])
        #expect(driver.command("MAIL FROM:<a@x.org> FOO=1") == ["555 5.5.4 MAIL parameter FOO is not supported here"])
        #expect(driver.command("MAIL FROM:<a@x.org> BODY=9BIT") == ["501 5.5.4 BODY wants 7BIT or 8BITMIME (RFC 6152)"])
        #expect(driver.command("MAIL FROM:<>") == ["250 2.1.0 Sender <> OK"], "the null reverse-path is allowed")
        #expect(driver.command("RCPT TO:<>") == ["501 5.1.3 RCPT TO:<> is not allowed: a recipient is needed"])
        #expect(driver.command("RCPT TO:<postmaster>") == ["250 2.1.5 Recipient <postmaster> OK"])
        #expect(driver.command("RCPT TO:<b@y.org> NOTIFY=SOMETIMES").first?.hasPrefix("501 5.5.4 NOTIFY") == true)
        #expect(driver.command("RCPT TO:<@relay.example:b@y.org>") == ["250 2.1.5 Recipient <b@y.org> OK"])
        #expect(driver.command("DATA now") == ["501 5.5.4 Syntax: DATA (no arguments)"])
        #expect(driver.command("VRFY") == ["501 5.5.4 Syntax: VRFY user-or-address"])
        #expect(driver.command("VRFY someone").first?.hasPrefix("252 2.5.0") == true)
        #expect(driver.command("NOOP") == ["250 2.0.0 OK"])
        #expect(driver.command("HELP").first?.hasPrefix("214-2.0.0") == true)
        #expect(driver.command("EXPN list").first?.hasPrefix("502 5.5.1") == true)
    }

    @Test func overLongCommandLinesAreRefusedWithoutBufferingThem() {
        var driver = SessionDriver()
        let long = "NOOP " + String(repeating: "x", count: 600)
        #expect(driver.command(long).first?.hasPrefix("500 5.5.2 Line too long") == true)
        let huge = "NOOP " + String(repeating: "y", count: 100_000)
        #expect(driver.command(huge).first?.hasPrefix("500 5.5.2 Line too long") == true)
        #expect(driver.session.framer.bufferedCount == 0)
        #expect(driver.command("NOOP") == ["250 2.0.0 OK"], "the next line is read normally")
    }

    @Test func nonASCIIAddressesNeedSMTPUTF8() {
        var driver = SessionDriver()
        driver.command("EHLO c.example")
        #expect(driver.command("MAIL FROM:<jösé@x.org>").first?.hasPrefix("553 5.6.7") == true)
        #expect(driver.command("MAIL FROM:<jösé@x.org> SMTPUTF8") == ["250 2.1.0 Sender <jösé@x.org> OK"])
        #expect(driver.command("RCPT TO:<用户@例子.广告>") == ["250 2.1.5 Recipient <用户@例子.广告> OK"])
    }

    @Test func tooManyRecipientsGet452() {
        var driver = SessionDriver { $0.maxRecipients = 2 }
        driver.openTransaction()
        driver.command("RCPT TO:<c@y.org>")
        #expect(driver.command("RCPT TO:<d@y.org>") == ["452 4.5.3 Too many recipients: at most 2 per message"])
    }

    @Test func idleTimeoutGives421AndCloses() {
        var driver = SessionDriver { $0.idleTimeout = .seconds(5) }
        let actions = driver.session.idleTimedOut()
        #expect(actions == [.reply(ServerReply(421, "4.4.2", "localhost No command for 5 s: closing the connection")), .close])
        #expect(driver.command("NOOP") == [], "nothing is read after closing")
    }

    @Test func requireAuthGives530() {
        var driver = SessionDriver { $0.requireAuth = true }
        driver.command("EHLO c.example")
        #expect(driver.command("MAIL FROM:<a@x.org>") == ["530 5.7.0 Authentication required: AUTH first (after STARTTLS)"])
    }
}
