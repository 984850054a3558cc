import SMTPAuth
import SMTPCore
import SMTPTranscript
import SMTPTransport
import TestSupport
import Testing

@testable import SMTPConsole

/// The console machine driven by events alone: no socket, no terminal. Each test feeds
/// what the user typed and what the server sent, and checks what would go on the wire
/// and what the user would see.
@Suite struct ConsoleMachineTests {
    /// A machine with the outputs it produced so far.
    struct Driver {
        var machine: ConsoleMachine
        var outputs: [ConsoleMachine.Output] = []
        var clock = ContinuousClock.now

        init(pacing: ConsoleMachine.Pacing = .interactive, lmtp: Bool = false) {
            machine = ConsoleMachine(settings: .init(pacing: pacing, lmtp: lmtp, hints: false))
            machine.isRecording = true
        }

        /// A moment `milliseconds` after the last one.
        mutating func later(_ milliseconds: Int = 1) -> Moment {
            clock = clock.advanced(by: .milliseconds(milliseconds))
            return Moment(monotonic: clock, wall: 1_700_000_000)
        }

        /// Connected and greeted; with `extensions`, EHLO answered with them too.
        mutating func open(extensions: [String]? = ["PIPELINING", "8BITMIME"], keepOutputs: Bool = false) {
            let target = ConnectTarget.host(HostSpec(host: "mx.example.org", port: 25))
            let start = later()
            outputs += machine.connectStarted(target, at: start)
            let now = later()
            outputs += machine.connected(remoteAddress: "192.0.2.1:25", at: now)
            server("220 mx.example.org ESMTP")
            if let extensions {
                type("EHLO client.example")
                server(
                    (["250-mx.example.org"] + extensions.dropLast().map { "250-" + $0 } + ["250 " + extensions.last!]).joined(
                        separator: "\r\n"))
            }
            if !keepOutputs { outputs = [] }
        }

        /// Connecting (then connected, unless `connected` is false) with `--starttls`'s
        /// prelude armed, its EHLO `EHLO client.example`; nothing shown kept.
        /// - Returns: the outputs of arming it.
        @discardableResult
        mutating func openArmed(connected: Bool = true) -> [ConsoleMachine.Output] {
            let target = ConnectTarget.host(HostSpec(host: "mx.example.org", port: 25))
            _ = machine.connectStarted(target, at: later())
            let armed = machine.preludeArmed(hello: "EHLO client.example")
            if connected { _ = machine.connected(remoteAddress: "192.0.2.1:25", at: later()) }
            return armed
        }

        /// Connected, greeted, EHLO answered, and MAIL and RCPT accepted: ready for DATA.
        mutating func openWithEnvelope() {
            open()
            type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>")
            server("250 2.1.0 Ok")
            server("250 2.1.5 Ok")
        }

        mutating func type(_ lines: String...) {
            let now = later()
            outputs += machine.typed(lines, at: now)
        }

        /// One reply (its lines separated by CRLF), parsed as the transport would.
        mutating func server(_ text: String) {
            var parser = ReplyParser()
            for event in parser.feed(Array((text + "\r\n").utf8)) {
                guard case .reply(let reply) = event else {
                    Issue.record("not a reply: \(text)")
                    continue
                }
                let now = later()
                outputs += machine.received(.reply(reply, now))
            }
        }

        mutating func close(_ reason: ClosedReason) {
            let now = later()
            outputs += machine.received(.closed(reason, now))
        }

        /// What went on the wire, as text, in order.
        var written: String {
            outputs.compactMap { output -> String? in
                switch output {
                case .write(let bytes): return String(decoding: bytes, as: UTF8.self)
                case .startTLS(let command, let then):
                    return "[armed]" + String(decoding: command, as: UTF8.self)
                        + (then.map { "[then]" + String(decoding: $0, as: UTF8.self) } ?? "")
                default: return nil
                }
            }.joined()
        }

        /// The replies shown, with the command each was said to answer.
        var shownReplies: [(code: Int, answering: String?)] {
            outputs.compactMap { output in
                guard case .show(.reply(let display)) = output else { return nil }
                return (display.reply.code, display.answering)
            }
        }

        /// Every line the user would see, rendered without colour.
        var screen: [String] {
            let renderer = ConsoleRenderer(style: Style(enabled: false), isTerminal: false)
            return outputs.flatMap { output -> [String] in
                guard case .show(let event) = output else { return [] }
                return renderer.lines(for: event)
            }
        }

        var closes: Int { outputs.filter { if case .close = $0 { true } else { false } }.count }

        mutating func clear() { outputs = [] }
    }

    /// Found by the console-machine fuzz target: a warning quoting a parameter of a pasted
    /// line showed the line's control character (0x06) raw on the terminal.
    @Test func aWarningQuotingATypedControlCharacterShowsItEscaped() {
        var driver = Driver()
        driver.open(extensions: ["PIPELINING"])
        driver.type("MAIL FROM:<a@b>", "RCPT TO:<c@d>\u{06}>DATA")
        let warnings = driver.screen.filter { $0.hasPrefix("  ! ") }
        #expect(warnings.contains { $0.contains("\\x06>DATA") }, "\(driver.screen)")
        #expect(driver.screen.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
    }

    /// Found by the console-machine fuzz target: the command a pipelined reply answers was
    /// named raw in its annotation (`answers AUTH LOG\0…`).
    @Test func theCommandAReplyAnswersIsNamedEscaped() {
        var driver = Driver()
        driver.open(extensions: ["PIPELINING"])
        driver.type("MAIL FROM:<a@b>", "AUTH LOG\u{0}IN")
        driver.server("250 2.1.0 Ok")
        driver.server("504 5.5.4 Unrecognized authentication type")
        #expect(driver.screen.contains { $0.contains("answers AUTH LOG\\x00IN") }, "\(driver.screen)")
        // The transcript writes the AUTH line as its redacted text: escaped too.
        let redacted = driver.outputs.compactMap { output -> String? in
            guard case .record(let entry) = output, entry.isSecret else { return nil }
            return entry.redactedText
        }
        #expect(redacted == ["AUTH LOG\\x00IN"], "\(redacted)")
        #expect(driver.screen.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
    }

    /// Found by the console-machine fuzz target: ` AUTH PLAIN …` with a leading space was an
    /// unknown command to smtpc, recorded with its credential and fit for history, while
    /// Postfix, which skips leading blanks, reads it as AUTH.
    @Test func anAUTHLineWithLeadingBlanksIsStillRedacted() {
        var driver = Driver()
        driver.open(extensions: ["AUTH PLAIN"])
        driver.type(" AUTH PLAIN c2VjcmV0")
        let recorded = driver.outputs.compactMap { output -> TranscriptEntry? in
            guard case .record(let entry) = output, entry.direction == .client else { return nil }
            return entry
        }
        #expect(recorded.count == 1 && recorded[0].isSecret && recorded[0].redactedText == "AUTH PLAIN [redacted]", "\(recorded)")
        #expect(!driver.outputs.contains { if case .addHistory = $0 { true } else { false } }, "kept out of history")
        #expect(driver.written == " AUTH PLAIN c2VjcmV0\r\n", "sent as typed")
    }

    @Test func ctrlCAbandonsLinesWaitingBehindAnUnansweredCommand() {
        var driver = Driver()
        driver.open()
        driver.type("MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>", "DATA", "Subject: never", "", "body")
        #expect(driver.written == "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n")
        #expect(driver.machine.heldLines.count == 3, "the body waits for the 354 that never comes")
        driver.outputs = []
        driver.outputs += driver.machine.interruptedWhileWaiting()
        #expect(driver.machine.heldLines.isEmpty)
        let hints = driver.outputs.compactMap { output -> String? in
            if case .show(.hint(let text)) = output { return text }
            return nil
        }
        #expect(hints == ["(3 line(s) waiting to be sent were abandoned (still waiting for the reply to MAIL FROM:<a@b.example>))"])
        #expect(driver.written.isEmpty, "nothing more went out")
        // The replies that do come are still matched to their commands.
        driver.server("250 sender ok")
        driver.server("250 rcpt ok")
        driver.server("554 no")
        #expect(driver.shownReplies.map(\.code) == [250, 250, 554])
        #expect(driver.written.isEmpty, "the abandoned body is not sent after the refusal either")
    }

    @Test func aPastedDataBlockIsHeldUntilThe354AndThenSentAsADotStuffedBody() {
        var driver = Driver()
        driver.open()
        driver.type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "Subject: pasted", "", ".hidden", ".")
        #expect(driver.written == "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n", "nothing after DATA before its reply")
        #expect(driver.machine.heldLines.count == 4)
        driver.clear()
        driver.server("250 2.1.0 Ok")
        driver.server("250 2.1.5 Ok")
        #expect(driver.written.isEmpty, "DATA is still unanswered")
        driver.server("354 go ahead")
        #expect(driver.written == "Subject: pasted\r\n\r\n..hidden\r\n.\r\n")
        #expect(driver.screen.contains { $0.contains("dot-stuffed: sent as \"..hidden\"") })
        #expect(driver.shownReplies.map(\.answering) == ["MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA"])
        driver.clear()
        driver.server("250 2.0.0 queued")
        #expect(driver.machine.isSettled)
        #expect(driver.machine.session.inputMode == .command)
    }

    @Test func repliesAnswerTheirOwnCommandsInOrderAndAreTimedFromTheirOwnSending() {
        var driver = Driver()
        driver.open()
        driver.type("RSET")
        _ = driver.later(500)
        driver.type("MAIL FROM:<a@example.org>")
        driver.clear()
        _ = driver.later(100)
        driver.server("250 2.0.0 reset")
        driver.server("250 2.1.0 Ok")
        let replies = driver.outputs.compactMap { output -> ReplyDisplay? in
            if case .show(.reply(let display)) = output { return display }
            return nil
        }
        #expect(replies.map(\.answering) == ["RSET", "MAIL FROM:<a@example.org>"])
        #expect(replies.map(\.context) == [.rset, .mailFrom])
        // RSET went out 602 ms before its reply, MAIL 101 ms before the first reply.
        #expect(replies[0].elapsedMilliseconds == 602)
        #expect(replies[1].elapsedMilliseconds == 102)
        // A late reply to nothing is unsolicited: it answers no command.
        driver.clear()
        driver.server("250 2.0.0 late")
        #expect(driver.shownReplies.map(\.answering) == [nil])
        #expect(driver.machine.commands.isEmpty)
    }

    @Test func anUnsolicited421IsShownAndTheCloseThatFollowsIsExpected() {
        var driver = Driver(pacing: .lockstep)
        driver.open()
        driver.server("421 4.4.2 mx.example.org idle timeout")
        #expect(driver.shownReplies.map(\.code) == [421])
        #expect(driver.machine.session.serverIsClosing)
        driver.close(.byServer)
        #expect(!driver.machine.lostUnexpectedly, "a 421 announces the close")
        #expect(!driver.machine.isConnected)
        driver.clear()
        driver.type("NOOP")
        #expect(driver.written.isEmpty)
        #expect(driver.screen.contains("smtpc: not connected; not sent: NOOP"))
        #expect(driver.machine.stopStatus == .unavailable)
    }

    @Test func startTLSIsArmedAndBytesAfterThe220CloseTheConnectionWithoutSendingMore() {
        var driver = Driver()
        driver.open(extensions: ["PIPELINING", "STARTTLS"])
        driver.type("STARTTLS", "EHLO client.example")
        #expect(driver.written == "[armed]STARTTLS\r\n", "EHLO waits for the TLS outcome")
        driver.clear()
        driver.server("220 2.0.0 Ready to start TLS")
        // The transport found bytes after the 220 and refused the handshake: it closes.
        driver.close(.error("plaintext injected"))
        let injection = TLSError(kind: .plaintextInjection, message: "8 bytes injected in plaintext after the 220")
        let now = driver.later()
        driver.outputs += driver.machine.startTLSFinished(.failure(injection), at: now)
        #expect(driver.written.isEmpty, "the held EHLO never goes out: \(driver.written)")
        #expect(driver.screen.contains { $0.contains("TLS failed: 8 bytes injected in plaintext") })
        #expect(driver.closes == 1)
        #expect(driver.machine.session.isTLSActive == false)
    }

    @Test func startTLSEstablishedForgetsTheCapabilitiesAndReleasesTheHeldEHLO() throws {
        var driver = Driver()
        driver.open(extensions: ["PIPELINING", "STARTTLS"])
        driver.type("STARTTLS", "EHLO client.example")
        driver.server("220 2.0.0 Ready to start TLS")
        driver.clear()
        let now = driver.later()
        let info = try #require(Self.sampleTLSInfo())
        driver.outputs += driver.machine.received(.tlsEstablished(info, now))
        #expect(driver.machine.session.extensions == nil)
        let later = driver.later()
        driver.outputs += driver.machine.startTLSFinished(.success(.established(info)), at: later)
        #expect(driver.written == "EHLO client.example\r\n")
    }

    @Test func theStartTLSPreludesSecondEHLOLeavesWithTheHandshakeAndIsMatchedToItsReply() throws {
        var driver = Driver(pacing: .lockstep)
        driver.open(extensions: nil)
        let start = driver.later()
        driver.outputs += driver.machine.preludeStarted(hello: "EHLO client.example", at: start)
        #expect(driver.written == "EHLO client.example\r\n")
        driver.clear()
        driver.server("250-mx.example.org\r\n250 STARTTLS")
        #expect(
            driver.written == "[armed]STARTTLS\r\n[then]EHLO client.example\r\n",
            "the transport sends the second EHLO the moment TLS is up")
        driver.server("220 2.0.0 Ready to start TLS")
        driver.clear()
        let info = try #require(Self.sampleTLSInfo())
        let now = driver.later()
        driver.outputs += driver.machine.received(.tlsEstablished(info, now))
        let later = driver.later()
        driver.outputs += driver.machine.startTLSFinished(.success(.established(info)), at: later)
        #expect(driver.written.isEmpty, "already sent by the transport: \(driver.written)")
        #expect(driver.screen.contains { $0.contains("EHLO client.example") }, "still shown as sent")
        #expect(driver.machine.preludeOutcome == nil)
        driver.server("250-mx.example.org\r\n250 AUTH PLAIN")
        #expect(driver.machine.preludeOutcome == .success)
        #expect(driver.machine.session.extensions?.contains("AUTH") == true)
    }

    /// One reply parsed as the transport would.
    private static func reply(_ text: String) throws -> Reply {
        var parser = ReplyParser()
        guard case .reply(let reply)? = parser.feed(Array((text + "\r\n").utf8)).first else {
            throw ReplyMissing()
        }
        return reply
    }
    private struct ReplyMissing: Error {}

    @Test func theMachineDecidesThePreludesAnswersForTheTransport() throws {
        var driver = Driver(pacing: .lockstep)
        let armed = driver.openArmed()
        let hello = Array("EHLO client.example\r\n".utf8)
        guard armed.count == 1, case .arm(let answers) = armed[0] else {
            Issue.record("one arm output: \(armed)")
            return
        }
        #expect(
            answers == [
                ConsoleMachine.PreparedAnswer(trigger: .greeting, command: hello),
                ConsoleMachine.PreparedAnswer(
                    trigger: .advertising("STARTTLS"), command: Array("STARTTLS\r\n".utf8), startsTLS: true, then: hello),
            ])
        #expect(driver.written.isEmpty, "nothing written before the greeting")
    }

    @Test func answersTheTransportWroteAreRecordedAsSentAndNotWrittenAgain() throws {
        var driver = Driver(pacing: .lockstep)
        driver.openArmed()
        driver.outputs += driver.machine.received(.answerWritten(driver.later()))
        driver.server("220 mx.example.org ESMTP")
        #expect(driver.written.isEmpty, "the transport wrote the EHLO: \(driver.written)")
        #expect(driver.screen.contains { $0.contains("EHLO client.example") }, "still shown as sent")
        #expect(driver.machine.session.pending.count == 1, "and awaiting its reply")
        driver.outputs += driver.machine.received(.answerWritten(driver.later()))
        driver.server("250-mx.example.org\r\n250 STARTTLS")
        #expect(driver.written.isEmpty, "the transport wrote STARTTLS, its guard armed: \(driver.written)")
        #expect(driver.machine.startTLSInFlight)
        #expect(driver.machine.session.pending.count == 1)
        driver.server("220 2.0.0 Ready to start TLS")
        let info = try #require(Self.sampleTLSInfo())
        driver.outputs += driver.machine.received(.tlsEstablished(info, driver.later()))
        driver.outputs += driver.machine.startTLSFinished(.success(.established(info)), at: driver.later())
        #expect(driver.written.isEmpty)
        driver.server("250-mx.example.org\r\n250 AUTH PLAIN")
        #expect(driver.machine.preludeOutcome == .success)
    }

    @Test func anArmedPreludeStartsWithAGreetingHeldWhileTheConnectionOpened() throws {
        var driver = Driver(pacing: .lockstep)
        driver.openArmed(connected: false)
        // The transport answered the greeting and the EHLO reply before "connected" was handled.
        for input: ConsoleMachine.NetworkInput in [
            .answerWritten(driver.later()), .reply(try Self.reply("220 mx.example.org ESMTP"), driver.later()),
            .answerWritten(driver.later()), .reply(try Self.reply("250-mx.example.org\r\n250 STARTTLS"), driver.later()),
        ] {
            driver.outputs += driver.machine.received(input)
        }
        #expect(driver.outputs.isEmpty, "held until connected")
        driver.outputs += driver.machine.connected(remoteAddress: "192.0.2.1:25", at: driver.later())
        #expect(driver.written.isEmpty, "both were written by the transport: \(driver.written)")
        #expect(driver.machine.startTLSInFlight)
        #expect(driver.machine.prelude?.step == .startTLS)
        let screen = driver.screen
        let hello = try #require(screen.firstIndex { $0.contains("EHLO client.example") })
        let capabilities = try #require(screen.firstIndex { $0.contains("250 STARTTLS") })
        #expect(hello < capabilities, "the EHLO is shown before its reply: \(screen)")
    }

    /// Issue 24: under load the connect call returned after the whole `--starttls` prelude
    /// had run on the event loop. The STARTTLS outcome was then handled before the held
    /// events, found no STARTTLS in flight and was dropped; the reply to the second EHLO
    /// came unexpected and the prelude timed out.
    @Test func theStartTLSOutcomeIsHeldInOrderWithTheEventsOfAConnectionBeingOpened() throws {
        var driver = Driver(pacing: .lockstep)
        driver.openArmed(connected: false)
        let info = try #require(Self.sampleTLSInfo())
        for input: ConsoleMachine.NetworkInput in [
            .answerWritten(driver.later()), .reply(try Self.reply("220 mx.example.org ESMTP"), driver.later()),
            .answerWritten(driver.later()), .reply(try Self.reply("250-mx.example.org\r\n250 STARTTLS"), driver.later()),
            .reply(try Self.reply("220 2.0.0 Ready to start TLS"), driver.later()), .tlsEstablished(info, driver.later()),
        ] {
            driver.outputs += driver.machine.received(input)
        }
        driver.outputs += driver.machine.startTLSFinished(.success(.established(info)), at: driver.later())
        driver.outputs += driver.machine.received(
            .reply(try Self.reply("250-mx.example.org\r\n250 AUTH PLAIN"), driver.later()))
        #expect(driver.outputs.isEmpty, "held until connected")
        driver.outputs += driver.machine.connected(remoteAddress: "192.0.2.1:25", at: driver.later())
        #expect(driver.written.isEmpty, "all written by the transport: \(driver.written)")
        #expect(driver.machine.preludeOutcome == .success)
        #expect(driver.machine.session.extensions?.contains("AUTH") == true, "the reply answers the second EHLO")
        #expect(driver.machine.session.pending.isEmpty)
        let screen = driver.screen
        let hello = try #require(screen.lastIndex { $0.contains("EHLO client.example") })
        let capabilities = try #require(screen.firstIndex { $0.contains("250 AUTH PLAIN") })
        #expect(hello < capabilities, "the second EHLO is shown before its reply: \(screen)")
    }

    @Test func whatTheTransportDidNotWriteTheArmedPreludeSendsItself() throws {
        var driver = Driver(pacing: .lockstep)
        driver.openArmed()
        driver.server("220 mx.example.org ESMTP")
        #expect(driver.written == "EHLO client.example\r\n", "no answer written: the machine writes the EHLO")
        driver.clear()
        // The transport did not write STARTTLS (its context was not built yet): the machine does.
        driver.server("250-mx.example.org\r\n250 STARTTLS")
        #expect(driver.written == "[armed]STARTTLS\r\n[then]EHLO client.example\r\n")
    }

    @Test func aRefusedGreetingDoesNotStartAnArmedPrelude() throws {
        var driver = Driver(pacing: .lockstep)
        driver.openArmed()
        driver.server("554 5.3.2 not now")
        #expect(driver.written.isEmpty)
        #expect(driver.machine.prelude == nil)
    }

    @Test func theSecondEHLOIsNotCountedAsSentWhenTheHandshakeFails() throws {
        var driver = Driver(pacing: .lockstep)
        driver.open(extensions: nil)
        let start = driver.later()
        driver.outputs += driver.machine.preludeStarted(hello: "EHLO client.example", at: start)
        driver.server("250-mx.example.org\r\n250 STARTTLS")
        driver.server("220 2.0.0 Ready to start TLS")
        driver.clear()
        let failure = TLSError(kind: .handshakeFailed, message: "the TLS handshake failed: no shared cipher")
        let now = driver.later()
        driver.outputs += driver.machine.startTLSFinished(.failure(failure), at: now)
        #expect(driver.written.isEmpty)
        #expect(driver.machine.preludeOutcome == .tlsFailure)
        #expect(driver.machine.session.pending.isEmpty, "no EHLO waits for a reply")
    }

    @Test func authWithSeveralChallengesIsAnsweredByTheMechanismAndHoldsTypedLines() throws {
        var driver = Driver()
        driver.open(extensions: ["PIPELINING", "AUTH LOGIN"])
        let credentials = SASLCredentials(username: "alice", password: Secret("s3cret"))
        let exchange = try AuthExchange(mechanism: .login, credentials: credentials, host: "mx.example.org", port: 25)
        let now = driver.later()
        driver.outputs += driver.machine.authStarted(exchange, username: "alice", at: now)
        driver.type("NOOP")
        #expect(driver.written.hasPrefix("AUTH LOGIN"))
        #expect(!driver.written.contains("NOOP"), "typed lines wait for the exchange")
        driver.clear()
        driver.server("334 VXNlcm5hbWU6")
        #expect(driver.written == Base64.encode(Array("alice".utf8)) + "\r\n")
        driver.clear()
        driver.server("334 UGFzc3dvcmQ6")
        #expect(driver.written == Base64.encode(Array("s3cret".utf8)) + "\r\n")
        driver.clear()
        driver.server("235 2.7.0 Authentication successful")
        #expect(driver.machine.session.isAuthenticated)
        #expect(driver.screen.contains { $0.contains("authenticated as alice with LOGIN") })
        #expect(driver.written == "NOOP\r\n", "the held line goes out after the final reply")
        #expect(driver.screen.allSatisfy { !$0.contains("czNjcmV0") && !$0.contains("s3cret") })
    }

    @Test func everyLineOfTheAuthExchangeIsASecretInTheTranscript() throws {
        var driver = Driver()
        driver.open(extensions: ["AUTH PLAIN"])
        let credentials = SASLCredentials(username: "alice", password: Secret("s3cret"))
        let exchange = try AuthExchange(mechanism: .plain, credentials: credentials, host: nil, port: nil)
        let now = driver.later()
        driver.outputs += driver.machine.authStarted(exchange, username: "alice", at: now)
        let clientEntries = driver.outputs.compactMap { output -> TranscriptEntry? in
            if case .record(let entry) = output, entry.direction == .client { return entry }
            return nil
        }
        #expect(clientEntries.count == 1 && clientEntries.allSatisfy(\.isSecret))
        #expect(clientEntries.first?.redactedText == "AUTH PLAIN [redacted]")
    }

    @Test func aSendInterruptedByACloseSaysTheMessageIsIncompleteAndStops() {
        var driver = Driver()
        driver.openWithEnvelope()
        driver.clear()
        var now = driver.later()
        let plan = TransferPlan(kind: .data, path: "big.eml", size: 4 * 1024 * 1024)
        driver.outputs += driver.machine.transferRequested(plan, at: now)
        #expect(driver.written == "DATA\r\n")
        driver.server("354 go ahead")
        #expect(driver.outputs.contains { if case .readFile = $0 { true } else { false } })
        driver.clear()
        now = driver.later()
        driver.outputs += driver.machine.fileRead(Array("Subject: x\n\n.line\n".utf8), isLast: false, at: now)
        #expect(driver.written == "Subject: x\r\n\r\n..line\r\n")
        driver.close(.byServer)
        #expect(driver.screen.contains("smtpc: the connection is gone; the message was not completed"))
        #expect(!driver.machine.isTransferring)
        driver.clear()
        now = driver.later()
        driver.outputs += driver.machine.fileRead(Array("more\n".utf8), isLast: true, at: now)
        #expect(driver.outputs.isEmpty, "nothing more is sent after the close")
    }

    /// Found by the console-machine fuzz target: Ctrl-C during a `/send` asks "stop
    /// sending?"; when the transfer ended before the answer, the question stayed.
    @Test func theStopQuestionGoesWhenTheTransferEndsFirst() {
        var driver = Driver()
        driver.openWithEnvelope()
        var now = driver.later()
        driver.outputs += driver.machine.transferRequested(TransferPlan(kind: .data, path: "m.eml", size: 20), at: now)
        driver.server("354 go ahead")
        now = driver.later()
        driver.outputs += driver.machine.interruptedDuringTransfer()
        #expect(driver.machine.questionText?.hasPrefix("Stop sending?") == true)
        driver.outputs += driver.machine.fileRead(Array("Subject: x\n\nbody\n".utf8), isLast: true, at: now)
        driver.server("250 2.0.0 Ok: queued")
        #expect(!driver.machine.isTransferring)
        #expect(driver.machine.question == nil, "no question about a transfer that is over")
    }

    /// Found by the console-machine fuzz target: `/starttls` inside a DATA body wrote
    /// STARTTLS into the message and armed the transport for a handshake.
    @Test func startTLSIsRefusedInsideABody() {
        var driver = Driver()
        driver.openWithEnvelope()
        driver.type("DATA")
        driver.server("354 go ahead")
        driver.clear()
        driver.outputs += driver.machine.startTLSRequested(at: driver.later())
        #expect(driver.written.isEmpty, "nothing written: \(driver.written)")
        #expect(driver.screen.contains { $0.hasPrefix("smtpc: /starttls needs an idle session") }, "\(driver.screen)")
        #expect(!driver.machine.startTLSInFlight && driver.machine.commands.isEmpty)
    }

    @Test func bdatChunksGoOutWithoutWaitingOnlyWhenPipeliningIsAdvertised() {
        for pipelining in [true, false] {
            var driver = Driver()
            driver.open(extensions: pipelining ? ["PIPELINING", "CHUNKING"] : ["CHUNKING"])
            driver.type("MAIL FROM:<a@example.org>")
            driver.server("250 Ok")
            driver.type("RCPT TO:<b@example.org>")
            driver.server("250 Ok")
            driver.clear()
            var now = driver.later()
            driver.outputs += driver.machine.transferRequested(TransferPlan(kind: .bdat, path: "m.eml", size: 12), at: now)
            driver.clear()
            now = driver.later()
            driver.outputs += driver.machine.fileRead(Array("line one\nline".utf8), isLast: false, at: now)
            #expect(driver.written == "BDAT 10\r\nline one\r\n", "a chunk ends with a whole line; the rest rides on")
            let asksAtOnce = driver.outputs.contains { if case .readFile = $0 { true } else { false } }
            #expect(asksAtOnce == pipelining, "the next block is wanted before the reply only with PIPELINING")
            driver.clear()
            driver.server("250 2.0.0 chunk ok")
            if !pipelining {
                #expect(driver.outputs.contains { if case .readFile = $0 { true } else { false } }, "after the reply")
            }
            now = driver.later()
            driver.outputs += driver.machine.fileRead(Array(" two\n".utf8), isLast: true, at: now)
            #expect(driver.written.hasSuffix("BDAT 10 LAST\r\nline two\r\n"))
        }
    }

    @Test func aFileOverTheSizeLimitIsAskedAboutInTheConsoleAndRefusedInAScript() {
        for pacing in [ConsoleMachine.Pacing.interactive, .lockstep] {
            var driver = Driver(pacing: pacing)
            driver.open(extensions: ["SIZE 1000"])
            driver.type("MAIL FROM:<a@example.org>")
            driver.server("250 Ok")
            driver.type("RCPT TO:<b@example.org>")
            driver.server("250 Ok")
            driver.clear()
            let now = driver.later()
            driver.outputs += driver.machine.transferRequested(
                TransferPlan(kind: .data, path: "big.eml", size: 5000), at: now)
            #expect(driver.written.isEmpty, "no DATA before the question is answered")
            if pacing == .interactive {
                #expect(driver.machine.questionText?.contains("over the server's SIZE limit of 1000") == true)
                driver.type("y")
                #expect(driver.written == "DATA\r\n")
            } else {
                #expect(driver.machine.stopStatus == .messageTooLarge)
                #expect(driver.screen.contains { $0.contains("over the server's SIZE limit of 1000") })
            }
        }
    }

    @Test func aRefusedDataNeverSendsTheHeldBodyAsCommands() {
        var console = Driver()
        console.open()
        console.type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "QUIT is body text", ".")
        console.server("250 Ok")
        console.server("250 Ok")
        console.clear()
        console.server("554 5.5.1 no valid recipients")
        #expect(console.written.isEmpty)
        #expect(console.machine.questionText?.contains("send the 2 line(s) typed after it as commands?") == true)
        console.type("n")
        #expect(console.written.isEmpty)
        #expect(console.machine.heldLines.isEmpty)

        var script = Driver(pacing: .lockstep)
        script.open()
        script.type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "QUIT is body text", ".", "NOOP")
        script.server("250 Ok")
        script.server("250 Ok")
        script.clear()
        script.server("554 5.5.1 no valid recipients")
        #expect(script.written == "NOOP\r\n", "the body is skipped up to the lone dot: \(script.written)")
    }

    @Test func lockstepWaitsForEachReplyAndPipelinedSendsTheGroupUpToDATA() {
        var lockstep = Driver(pacing: .lockstep)
        lockstep.open()
        lockstep.type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
        #expect(lockstep.written == "MAIL FROM:<a@example.org>\r\n")

        var pipelined = Driver(pacing: .pipelined)
        pipelined.open()
        pipelined.type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "body", ".")
        #expect(pipelined.written == "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n")
    }

    @Test func pipelineIsRefusedWhenTheServerDoesNotAdvertiseIt() {
        var driver = Driver(pacing: .pipelined)
        driver.open(extensions: ["8BITMIME"], keepOutputs: true)
        driver.type("MAIL FROM:<a@example.org>")
        #expect(driver.written == "EHLO client.example\r\n", "nothing after the EHLO that showed no PIPELINING")
        #expect(driver.closes == 1)
        #expect(driver.machine.stopStatus == .usage)
        #expect(driver.screen.contains { $0.contains("did not advertise PIPELINING") })
    }

    @Test func theConsoleWarnsOnceWhenItPipelinesToAServerWithoutPIPELINING() {
        var driver = Driver()
        driver.open(extensions: ["8BITMIME"])
        driver.type("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>")
        #expect(driver.written.components(separatedBy: "\r\n").count == 4, "sent as typed")
        #expect(driver.screen.filter { $0.contains("RFC 2920 §3.1") }.count == 1)
    }

    @Test func theBannerIsHeldUntilConnectedIsShown() {
        var driver = Driver()
        let target = ConnectTarget.host(HostSpec(host: "mx.example.org", port: 25))
        var now = driver.later()
        driver.outputs += driver.machine.connectStarted(target, at: now)
        var parser = ReplyParser()
        guard case .reply(let banner)? = parser.feed(Array("220 hello\r\n".utf8)).first else {
            Issue.record("no reply")
            return
        }
        now = driver.later()
        driver.outputs += driver.machine.received(.reply(banner, now))
        #expect(driver.shownReplies.isEmpty, "held while the connect call has not returned")
        now = driver.later()
        driver.outputs += driver.machine.connected(remoteAddress: "192.0.2.1:25", at: now)
        #expect(
            driver.screen.prefix(3).map { $0 } == [
                "--- connecting to mx.example.org:25 ...", "--- connected to mx.example.org:25 (192.0.2.1:25)", "220 hello",
            ])
    }

    @Test func aBannerHeldWhileConnectingNeverMakesTheTranscriptsTimesGoBackwards() throws {
        var driver = Driver()
        let target = ConnectTarget.host(HostSpec(host: "mx.example.org", port: 25))
        let start = ContinuousClock.now
        func moment(_ milliseconds: Int) -> Moment {
            Moment(monotonic: start.advanced(by: .milliseconds(milliseconds)), wall: 1_700_000_000 + Double(milliseconds) / 1000)
        }
        driver.outputs += driver.machine.connectStarted(target, at: moment(0))
        var parser = ReplyParser()
        let banner = try #require(
            parser.feed(Array("220 hello\r\n".utf8)).first.flatMap { event -> Reply? in
                if case .reply(let reply) = event { return reply }
                return nil
            })
        // The banner arrived at 5 ms; the connect call returned, and was handled, at 8 ms.
        driver.outputs += driver.machine.received(.reply(banner, moment(5)))
        driver.outputs += driver.machine.connected(remoteAddress: "192.0.2.1:25", at: moment(8))
        let times = driver.outputs.compactMap { output -> Double? in
            if case .record(let entry) = output { return entry.timestamp }
            return nil
        }
        #expect(times.count == 2)
        #expect(times == times.sorted(), "\(times)")
        #expect(times.first == moment(5).wall)
    }

    /// Random events never make a reply answer more than one command, and the machine
    /// always leaves the user a valid way to type (command, body or challenge answer).
    @Test func anOverlongLineIsRecordedWholeAsItArrivesAndItsLengthToldAtItsEnd() {
        var driver = Driver(pacing: .lockstep)
        driver.open()
        driver.type("NOOP", "RSET")
        var parser = ReplyParser(limits: .init(maxLineLength: 16))
        for chunk in ["250 0123456789abcdefgh", "ijklmnop", "qrs\r\n250 ok\r\n"] {
            // The line answers the NOOP only when it ends: the RSET waits till then.
            #expect(driver.written == "NOOP\r\n", "\(chunk)")
            for event in parser.feed(Array(chunk.utf8)) {
                let now = driver.later()
                switch event {
                case .reply(let reply): driver.outputs += driver.machine.received(.reply(reply, now))
                case .error(let error): driver.outputs += driver.machine.received(.parseError(error, now))
                case .overflow(let piece): driver.outputs += driver.machine.received(.overflow(piece, now))
                }
            }
        }
        let pieces = driver.outputs.compactMap { output -> (String, Bool)? in
            guard case .recordPiece(let entry, let endsLine) = output else { return nil }
            return (String(decoding: entry.bytes, as: UTF8.self), endsLine)
        }
        #expect(pieces.map(\.0) == ["250 0123456789ab", "cdefgh", "ijklmnop", "qrs"])
        #expect(pieces.map(\.1) == [false, false, false, true])
        #expect(driver.screen.contains("  ! the over-long line ended after 33 bytes; the transcript holds all of it"), "\(driver.screen)")
        #expect(driver.written == "NOOP\r\nRSET\r\n")
        #expect(driver.shownReplies.map(\.code) == [250])
    }

    @Test func randomConversationsKeepTheInvariants() {
        var generator = SeededGenerator(seed: 0x5EED_C0DE)
        let lines = ["NOOP", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA", "body", ".", "RSET", "EHLO x", "AUTH PLAIN", "QUIT", "/state"]
        let replies = ["250 ok", "354 go", "334 ", "235 ok", "550 no", "421 bye", "221 bye", "220 hi"]
        for _ in 0..<200 {
            var driver = Driver(pacing: [.interactive, .lockstep, .pipelined].randomElement(using: &generator)!)
            driver.open(extensions: ["PIPELINING"])
            for _ in 0..<40 {
                if generator.next() % 2 == 0 {
                    driver.type(lines.randomElement(using: &generator)!)
                    if driver.machine.metaRunning {
                        let now = driver.later()
                        driver.outputs += driver.machine.metaCommandFinished(at: now)
                    }
                } else {
                    let answeredBefore = driver.machine.commands.count
                    driver.server(replies.randomElement(using: &generator)!)
                    #expect(driver.machine.commands.count >= answeredBefore - 1, "one reply answers at most one command")
                }
                let pending = Set(driver.machine.session.pending.map(\.id))
                #expect(Set(driver.machine.commands.keys).isSubset(of: pending), "no answered command is remembered")
                #expect(driver.machine.question == nil || driver.machine.questionText != nil)
            }
        }
    }

    static func sampleTLSInfo() -> TLSInfo? {
        TLSInfo(
            protocolVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", serverNameSent: "mx.example.org", alpn: nil,
            verification: .verified(name: "mx.example.org"), certificates: [])
    }
}
