import Testing

@testable import SMTPCore

/// Per-recipient results and the outcome of a transaction.
@Suite struct DeliveryResultTests {
    private let ok: Reply
    private let unknown: Reply
    private let queued: Reply
    private let refused: Reply

    init() throws {
        ok = try parsedReply("250 2.1.5 Ok")
        unknown = try parsedReply(
            "550-5.1.1 <nosuch@smtpc.test>: Recipient address rejected:\r\n550 5.1.1 User unknown in virtual mailbox table")
        queued = try parsedReply("250 2.0.0 Ok: queued as 2480BF783ED")
        refused = try parsedReply("554 5.7.1 Message rejected")
    }

    @Test func allAccepted() throws {
        let result = DeliveryResult(mail: ok, recipients: [("a@x", ok), ("b@x", ok)], final: queued)
        #expect(result.outcome == .allAccepted)
        #expect(result.queueID == QueueID(format: .postfix, value: "2480BF783ED"))
        #expect(result.final?.code == 250 && result.final?.enhancedCode == EnhancedStatusCode("2.0.0"))
        #expect(result.final?.text == "Ok: queued as 2480BF783ED")
        #expect(result.recipients.map(\.isAccepted) == [true, true])
    }

    @Test func someRefused() throws {
        let result = DeliveryResult(mail: ok, recipients: [("a@x", ok), ("nosuch@smtpc.test", unknown)], final: queued)
        #expect(result.outcome == .someRefused)
        let refusedOne = try #require(result.recipients.last?.reply)
        #expect(refusedOne.code == 550 && refusedOne.enhancedCode == EnhancedStatusCode("5.1.1"))
        #expect(
            refusedOne.text == "<nosuch@smtpc.test>: Recipient address rejected: User unknown in virtual mailbox table")
        #expect(result.queueID?.value == "2480BF783ED")
    }

    @Test func allRefused() {
        let result = DeliveryResult(mail: ok, recipients: [("a@x", unknown), ("b@x", unknown)], final: nil)
        #expect(result.outcome == .allRefused)
        #expect(result.final == nil && result.queueID == nil)
    }

    @Test func messageRefused() {
        #expect(DeliveryResult(mail: ok, recipients: [("a@x", ok)], final: refused).outcome == .messageRefused)
        // The connection ended before the final reply.
        #expect(DeliveryResult(mail: ok, recipients: [("a@x", ok)], final: nil).outcome == .messageRefused)
        // MAIL FROM refused: no RCPT TO was answered.
        let noSender = DeliveryResult(mail: refused, recipients: [("a@x", nil)], final: nil)
        #expect(noSender.outcome == .messageRefused)
        #expect(noSender.recipients.first?.reply == nil && noSender.recipients.first?.isAccepted == false)
        #expect(DeliveryResult(mail: refused, recipients: [("a@x", nil)], final: nil).queueID == nil)
    }

    @Test func outcomeNames() {
        #expect(DeliveryResult.Outcome.allCases.map(\.rawValue) == ["all-accepted", "some-refused", "all-refused", "message-refused"])
    }

    @Test func aReplyWithoutEnhancedCode() throws {
        let summary = DeliveryResult.ReplySummary(try parsedReply("250 OK id=1abcDe-000AbC-1x"))
        #expect(summary.enhancedCode == nil && summary.text == "OK id=1abcDe-000AbC-1x")
    }
}
