import Testing

@testable import SMTPCore

/// Queue IDs from the final replies of real servers (the reply texts as those servers write them).
@Suite struct QueueIDTests {
    private func queueID(_ wire: String) throws -> QueueID? {
        QueueID(finalReply: try parsedReply(wire))
    }

    @Test func postfix() throws {
        #expect(try queueID("250 2.0.0 Ok: queued as 2480BF783ED") == QueueID(format: .postfix, value: "2480BF783ED"))
        // enable_long_queue_ids = yes
        #expect(try queueID("250 2.0.0 Ok: queued as 4XyZ123abc") == QueueID(format: .postfix, value: "4XyZ123abc"))
    }

    @Test func exim() throws {
        #expect(try queueID("250 OK id=1abcDe-000AbC-1x") == QueueID(format: .exim, value: "1abcDe-000AbC-1x"))
        // Exim 4.97 and later: longer second and third parts.
        #expect(try queueID("250 OK id=10HmaX-000000005vi-0000") == QueueID(format: .exim, value: "10HmaX-000000005vi-0000"))
    }

    @Test func gmail() throws {
        let reply = "250 2.0.0 OK  1700000000 d2e1a72fcca58-7a9c3f2b1b9si123456pfb.123 - gsmtp"
        #expect(try queueID(reply) == QueueID(format: .gmail, value: "d2e1a72fcca58-7a9c3f2b1b9si123456pfb.123"))
        #expect(try queueID("250 2.0.0 OK 1376056636 i3si9508927obz.16 - gsmtp")?.value == "i3si9508927obz.16")
    }

    @Test func microsoftTakesTheInternalId() throws {
        let online =
            "250 2.6.0 <msgid@host> [InternalId=12345, Hostname=XYZ.prod.outlook.com] Queued mail for delivery"
        #expect(try queueID(online) == QueueID(format: .microsoft, value: "12345"))
        let withRate =
            "250 2.6.0 <a1@b.example> [InternalId=3019775278917, Hostname=AM0PR01MB1234.eurprd01.prod.exchangelabs.com] "
            + "11023 bytes in 0.046, 232.458 KB/sec Queued mail for delivery"
        #expect(try queueID(withRate)?.value == "3019775278917")
        #expect(try queueID("250 2.6.0 <20111025103822.7F94E1C0299@host> [InternalId=274498] Queued mail for delivery")?.value == "274498")
        // Without an InternalId, the Message-ID in brackets is the only identifier.
        #expect(
            try queueID("250 <SNT0-MC3-F1964xSNUX00142e45@SNT0-MC3-F19.Snt0.hotmail.com> Queued mail for delivery")
                == QueueID(format: .microsoft, value: "<SNT0-MC3-F1964xSNUX00142e45@SNT0-MC3-F19.Snt0.hotmail.com>"))
    }

    @Test func sendmail() throws {
        #expect(
            try queueID("250 2.0.0 3B7Hn1Zx012345 Message accepted for delivery") == QueueID(format: .sendmail, value: "3B7Hn1Zx012345"))
        // Not an ID: an enhanced code, or a word with no digit.
        #expect(try queueID("250 2.5.0 Message accepted for delivery") == nil)
        #expect(try queueID("250 Ok Message accepted for delivery") == nil)
    }

    @Test func othersHaveNone() throws {
        #expect(try queueID("250 2.0.0 Ok") == nil)
        #expect(try queueID("250 OK") == nil)
        #expect(try queueID("250 Message accepted for delivery") == nil)
        #expect(try queueID("250 2.0.0 Message queued") == nil)
        #expect(try queueID("250 ok 1700000000 qp 12345") == nil)
        #expect(try queueID("250 OK id=") == nil)
        #expect(try queueID("250 2.0.0 Ok: queued as") == nil)
    }

    @Test func onlyAPositiveReplyNamesOne() throws {
        #expect(try queueID("554 5.7.1 Ok: queued as 2480BF783ED") == nil)
        #expect(try queueID("451 4.3.0 id=1abcDe-000AbC-1x") == nil)
    }

    @Test func anyLineOfAMultilineReply() throws {
        #expect(try queueID("250-2.0.0 Thanks\r\n250 2.0.0 Ok: queued as ABC123")?.value == "ABC123")
    }

    @Test func everyFormatHasATest() {
        // One test above per format; a new format needs its own.
        #expect(QueueID.Format.allCases == [.postfix, .exim, .gmail, .microsoft, .sendmail])
    }
}
