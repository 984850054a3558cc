import Testing

@testable import SMTPCore

/// The session state machine driven through whole conversations, as the console would.
@Suite struct SessionMachineTests {
    /// What a typical submission server advertises.
    static let postfix: ExtensionKeywords = [
        "PIPELINING": [], "SIZE": ["10240000"], "VRFY": [], "ETRN": [], "STARTTLS": [],
        "ENHANCEDSTATUSCODES": [], "8BITMIME": [], "DSN": [], "SMTPUTF8": [], "CHUNKING": [],
    ]

    @Test func aWholeTransactionWithOneRefusedRecipient() {
        var session = SessionMachine()
        #expect(session.phase == .awaitingGreeting)
        #expect(session.replyReceived(code: 220) == ReplyOutcome(context: .greeting, answering: nil, actions: []))
        #expect(session.phase == .greeted)

        let ehlo = session.lineSent("EHLO client.example")
        #expect(ehlo.kind == .command(.ehlo) && ehlo.belongsInHistory && !ehlo.isSecret)
        #expect(session.replyReceived(code: 250) == ReplyOutcome(context: .ehlo, answering: ehlo.id, actions: [.recordCapabilities]))
        session.capabilitiesReceived(Self.postfix)
        #expect(session.phase == .ready(hello: .ehlo))
        #expect(session.offers("PIPELINING"))

        let mail = session.lineSent("MAIL FROM:<alice@example.org>")
        #expect(session.replyReceived(code: 250).answering == mail.id)
        #expect(session.phase == .inTransaction(recipients: 0))

        let bob = session.lineSent("RCPT TO:<bob@example.org>")
        let outcome = session.replyReceived(code: 250)
        #expect(outcome.context == .rcptTo && outcome.answering == bob.id)
        let nobody = session.lineSent("RCPT TO:<nobody@example.org>")
        #expect(session.replyReceived(code: 550) == ReplyOutcome(context: .rcptTo, answering: nobody.id, actions: []))
        #expect(session.phase == .inTransaction(recipients: 1))
        #expect(session.transaction?.rejectedRecipients == 1)

        let data = session.lineSent("DATA")
        #expect(session.phase == .awaitingDataReply)
        #expect(session.replyReceived(code: 354) == ReplyOutcome(context: .data, answering: data.id, actions: [.enterDataBody]))
        #expect(session.inputMode == .dataBody && session.phase == .dataBody)

        for line in ["Subject: test", "", "..leading dot", "DATA is not a command here", "QUIT"] {
            let sent = session.lineSent(line)
            #expect(sent.kind == .bodyLine && !sent.belongsInHistory)
        }
        #expect(session.pending.isEmpty, "body lines expect no reply")
        let dot = session.lineSent(".")
        #expect(dot.kind == .endOfBody && session.inputMode == .command)
        #expect(session.phase == .awaitingEndOfData(replies: 1))
        #expect(session.replyReceived(code: 250) == ReplyOutcome(context: .endOfData, answering: dot.id, actions: [.transactionEnded]))
        #expect(session.transaction == nil && session.phase == .ready(hello: .ehlo))

        let quit = session.lineSent("QUIT")
        #expect(session.replyReceived(code: 221) == ReplyOutcome(context: .quit, answering: quit.id, actions: [.expectClose]))
        session.connectionClosed()
        #expect(session.phase == .closed)
        #expect(session.usedAddresses == ["alice@example.org", "bob@example.org", "nobody@example.org"])
    }

    @Test func pipelinedCommandsAreAnsweredInOrder() {
        var session = Self.afterEHLO(Self.postfix)
        let ids = ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "RCPT TO:<c@y>", "DATA"].map { session.lineSent($0).id }
        #expect(session.pending.map(\.context) == [.mailFrom, .rcptTo, .rcptTo, .data])
        // Nothing is accepted before the replies come.
        #expect(session.transaction == nil)

        let outcomes = [250, 250, 450, 354].map { session.replyReceived(code: $0) }
        #expect(outcomes.map(\.context) == [.mailFrom, .rcptTo, .rcptTo, .data])
        #expect(outcomes.map(\.answering) == ids)
        #expect(outcomes.last?.actions == [.enterDataBody])
        #expect(session.transaction?.acceptedRecipients == 1)
        #expect(session.inputMode == .dataBody)
    }

    @Test func aRefusedMailLeavesPipelinedRecipientsWithoutATransaction() {
        var session = Self.ready()
        session.lineSent("MAIL FROM:<a@x>")
        session.lineSent("RCPT TO:<b@y>")
        session.lineSent("DATA")
        #expect(session.replyReceived(code: 550).context == .mailFrom)
        #expect(session.replyReceived(code: 503).context == .rcptTo)
        let data = session.replyReceived(code: 503)
        #expect(data.context == .data && data.actions.isEmpty)
        #expect(session.transaction == nil && session.inputMode == .command)
    }

    @Test func startTLSAsksForTheHandshakeAndForgetsCapabilities() {
        var session = Self.ready()
        let startTLS = session.lineSent("STARTTLS")
        #expect(session.replyReceived(code: 220) == ReplyOutcome(context: .startTLS, answering: startTLS.id, actions: [.startTLSHandshake]))
        #expect(session.phase == .awaitingTLSHandshake)
        #expect(session.warnings(for: "EHLO c") == ["Wait: the TLS handshake has not happened yet."])
        session.tlsEstablished()
        #expect(session.isTLSActive && session.extensions == nil && session.hello == nil)
        #expect(session.phase == .greeted)
        session.lineSent("EHLO c")
        #expect(session.replyReceived(code: 250).actions == [.recordCapabilities])
        #expect(session.phase == .ready(hello: .ehlo))
    }

    @Test func aRefusedStartTLSChangesNothing() {
        var session = Self.ready()
        session.lineSent("STARTTLS")
        #expect(session.replyReceived(code: 454).actions.isEmpty)
        #expect(!session.isTLSActive && session.extensions != nil && session.phase == .ready(hello: .ehlo))
    }

    @Test func authChallengesMakeTheNextLineSecret() {
        var session = Self.afterEHLO(["AUTH": ["PLAIN", "LOGIN"]])
        let auth = session.lineSent("AUTH LOGIN")
        #expect(auth.isSecret && !auth.belongsInHistory)
        #expect(session.replyReceived(code: 334) == ReplyOutcome(context: .auth, answering: auth.id, actions: [.readChallengeResponse]))
        #expect(session.inputMode == .authResponse && session.phase == .authenticating)
        let user = session.lineSent("Ym9i")
        #expect(user.kind == .authResponse && user.isSecret && !user.belongsInHistory)
        #expect(session.replyReceived(code: 334).context == .authResponse)
        session.lineSent("c2VjcmV0")
        #expect(session.replyReceived(code: 235).context == .authResponse)
        #expect(session.isAuthenticated && session.inputMode == .command)
        #expect(session.phase == .ready(hello: .ehlo))
    }

    @Test func aFailedAuthReturnsToCommands() {
        var session = Self.ready()
        session.lineSent("AUTH PLAIN AGJvYgB3cm9uZw==")
        #expect(session.replyReceived(code: 535).actions.isEmpty)
        #expect(!session.isAuthenticated && session.inputMode == .command)
    }

    @Test func lmtpAnswersTheEndOfDataOncePerAcceptedRecipient() {
        var session = Self.run(
            Self.afterEHLO(["PIPELINING": []], lmtp: true),
            send: ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "RCPT TO:<c@y>", "RCPT TO:<d@y>", "DATA"],
            replies: [250, 250, 550, 250, 354])
        #expect(session.hello == .lhlo)
        session.lineSent("hello")
        let dot = session.lineSent(".")
        #expect(session.phase == .awaitingEndOfData(replies: 2))
        let first = session.replyReceived(code: 250)
        #expect(first.context == .endOfData && first.answering == dot.id && first.actions.isEmpty)
        #expect(session.transaction != nil)
        let second = session.replyReceived(code: 452)
        #expect(second.context == .endOfData && second.actions == [.transactionEnded])
        #expect(session.transaction == nil)
    }

    @Test func lmtpWithBDATLastPipelinedCountsRecipientsWhenTheRepliesCome() {
        var session = Self.afterEHLO(["PIPELINING": [], "CHUNKING": []], lmtp: true)
        for line in ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "RCPT TO:<c@y>", "RCPT TO:<d@y>", "BDAT 5 LAST"] {
            session.lineSent(line)
        }
        let contexts = [250, 250, 250, 250].map { session.replyReceived(code: $0).context }
        #expect(contexts == [.mailFrom, .rcptTo, .rcptTo, .rcptTo])
        #expect(session.phase == .awaitingEndOfData(replies: 3))
        let perRecipient = [250, 250, 450].map { session.replyReceived(code: $0) }
        #expect(perRecipient.map(\.context) == [.endOfData, .endOfData, .endOfData])
        #expect(perRecipient.map(\.actions) == [[], [], [.transactionEnded]])
        #expect(session.pending.isEmpty && session.transaction == nil)
        #expect(session.replyReceived(code: 250).isUnsolicited)
    }

    @Test func rawBytesAreReadLineByLine() {
        var session = Self.ready()
        let sent = session.rawBytesSent(Array("MAIL FROM:<r@x>\r\nRCPT TO:<s@y>\nRCPT".utf8))
        #expect(sent.map(\.kind) == [.command(.mail), .command(.rcpt)])
        #expect(session.pending.map(\.context) == [.mailFrom, .rcptTo])
        // The unfinished "RCPT" starts the next typed line on the wire.
        let typed = session.lineSent(" TO:<t@y>")
        #expect(typed.kind == .command(.rcpt))
        #expect(session.usedAddresses.suffix(3) == ["r@x", "s@y", "t@y"])
        #expect(session.rawBytesSent(Array("QU".utf8)).isEmpty)
        #expect(session.rawBytesSent(Array("IT\r\n".utf8)).map(\.kind) == [.command(.quit)])
    }

    @Test func rawBytesCanEndTheBody() {
        var session = Self.inBody()
        let sent = session.rawBytesSent(Array("line\r\n..\r\n.\r\nNOOP\r\n".utf8))
        #expect(sent.map(\.kind) == [.bodyLine, .bodyLine, .endOfBody, .command(.noop)])
        #expect(session.pending.map(\.context) == [.endOfData, .noop])
    }

    @Test func nothingIsQueuedOnAClosedConnection() {
        var session = Self.ready()
        session.connectionClosed()
        #expect(session.lineSent("NOOP").kind == .command(.noop))
        #expect(session.pending.isEmpty)
        #expect(session.replyReceived(code: 250).isUnsolicited)
    }

    @Test func bdatChunksAndTheLastOne() {
        var session = Self.run(Self.ready(), send: ["MAIL FROM:<a@x>", "RCPT TO:<b@y>"], replies: [250, 250])
        session.lineSent("BDAT 10")
        #expect(session.replyReceived(code: 250).context == .bdat)
        #expect(session.phase == .bdat(recipients: 1))
        #expect(session.warnings(for: "DATA").contains("DATA after BDAT in the same transaction is not allowed (RFC 3030)."))
        session.lineSent("BDAT 0 LAST")
        let last = session.replyReceived(code: 250)
        #expect(last.context == .endOfData && last.actions == [.transactionEnded])
        #expect(session.transaction == nil)
    }

    @Test func aRefusedChunkAsksForRSET() {
        var session = Self.run(Self.ready(), send: ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "BDAT 10"], replies: [250, 250, 552])
        #expect(session.nextSteps.map(\.verb) == [.rset])
        session.lineSent("RSET")
        #expect(session.replyReceived(code: 250).context == .rset)
        #expect(session.transaction == nil)
    }

    @Test func theFirstReplyIsTheGreetingEvenIfTheUserTypedFirst() {
        var session = SessionMachine()
        let early = session.lineSent("EHLO impatient")
        #expect(session.replyReceived(code: 554).context == .greeting)
        #expect(session.phase == .refused)
        let answer = session.replyReceived(code: 503)
        #expect(answer.context == .ehlo && answer.answering == early.id)
        #expect(session.nextSteps.map(\.verb) == [.quit])
    }

    @Test func unsolicitedRepliesAndIdleTimeouts() {
        var session = Self.ready()
        let idle = session.replyReceived(code: 421)
        #expect(idle.isUnsolicited && idle.context == .other && idle.actions == [.expectClose])
        #expect(session.serverIsClosing)
        session.connectionClosed()
        #expect(session.pending.isEmpty && session.phase == .closed)
        #expect(session.warnings(for: "NOOP") == ["Not connected."])
    }

    @Test func ehloAgainResetsTheTransaction() {
        var session = Self.ready()
        session.lineSent("MAIL FROM:<a@x>")
        _ = session.replyReceived(code: 250)
        session.lineSent("EHLO again")
        _ = session.replyReceived(code: 250)
        #expect(session.transaction == nil && session.extensions == nil)
        session.lineSent("HELO old")
        #expect(session.replyReceived(code: 250).actions.isEmpty)
        session.capabilitiesReceived(Self.postfix)
        #expect(session.extensions == nil, "HELO advertises nothing")
    }

    @Test func capabilitiesFromAParsedEHLOReplyAreUsed() {
        var session = SessionMachine()
        _ = session.replyReceived(code: 220)
        session.lineSent("EHLO c")
        let raw = ["250-mx.example.org", "250-SIZE 1000", "250 AUTH PLAIN LOGIN"]
        let reply = Reply(
            code: 250,
            lines: raw.enumerated().map { index, text in
                ReplyLine(code: 250, isLast: index == raw.count - 1, text: Array(text.utf8.dropFirst(4)), raw: Array(text.utf8))
            })
        #expect(session.replyReceived(reply).actions == [.recordCapabilities])
        session.capabilitiesReceived(Capabilities(ehloReply: reply))
        #expect(session.extensions?.sizeLimit == 1000)
        #expect(session.extensions?.authMechanisms == ["PLAIN", "LOGIN"])
    }

    @Test func addressMemoryIsBounded() {
        var session = Self.ready()
        for index in 0..<200 { session.lineSent("RCPT TO:<user\(index)@example.org>") }
        session.lineSent("RCPT TO:<user150@example.org>")
        #expect(session.usedAddresses.count == SessionMachine.addressMemory)
        #expect(session.usedAddresses.last == "user150@example.org")
        #expect(session.usedAddresses.filter { $0 == "user150@example.org" }.count == 1)
    }

    /// A session after the greeting and an EHLO that advertised `advertised`.
    static func afterEHLO(_ advertised: ExtensionKeywords, lmtp: Bool = false) -> SessionMachine {
        var session = SessionMachine(lmtp: lmtp)
        _ = session.replyReceived(code: 220)
        session.lineSent(lmtp ? "LHLO c" : "EHLO c")
        _ = session.replyReceived(code: 250)
        session.capabilitiesReceived(advertised)
        return session
    }

    /// `session` after sending `lines` one after the other (pipelined), then receiving `codes`.
    static func run(_ session: SessionMachine, send lines: [String], replies codes: [Int]) -> SessionMachine {
        var session = session
        for line in lines { session.lineSent(line) }
        for code in codes { _ = session.replyReceived(code: code) }
        return session
    }

    /// A session greeted and past EHLO with Postfix's extensions, a few harmless commands answered.
    static func ready() -> SessionMachine {
        run(afterEHLO(postfix), send: ["NOOP", "HELP", "VRFY x"], replies: [250, 214, 252])
    }

    /// A session in the DATA body, one recipient accepted.
    static func inBody() -> SessionMachine {
        run(ready(), send: ["MAIL FROM:<a@x>", "RCPT TO:<b@y>", "DATA"], replies: [250, 250, 354])
    }
}

@Suite struct SessionMachineMalformedReplyTests {
    @Test func aMalformedReplyAnswersTheOldestPendingCommand() {
        var machine = SessionMachine()
        _ = machine.replyReceived(code: 220)
        machine.lineSent("NOOP")
        machine.lineSent("RSET")
        #expect(machine.malformedReplyReceived()?.verb == .noop)
        #expect(machine.pending.map(\.verb) == [.rset])
        #expect(machine.replyReceived(code: 250).context == .rset)
    }

    @Test func beforeTheGreetingNothingChanges() {
        var machine = SessionMachine()
        machine.lineSent("NOOP")
        #expect(machine.malformedReplyReceived() == nil)
        #expect(machine.greeting == .awaited)
        #expect(machine.pending.count == 1)
    }
}
