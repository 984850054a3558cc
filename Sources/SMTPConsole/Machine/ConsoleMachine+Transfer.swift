import SMTPCore
import SMTPTranscript

/// What `/send FILE` or `/bdat FILE` is asked to send.
struct TransferPlan: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// The DATA body: dot-stuffed, ended by the lone `.`.
        case data
        /// BDAT chunks (RFC 3030): bytes as they are, the last chunk with LAST.
        case bdat
    }

    let kind: Kind
    /// As the user typed it, for messages.
    let path: String
    /// The file's size when it was opened.
    let size: Int

    var command: String { kind == .data ? "/send" : "/bdat" }
}

/// `/send` and `/bdat`: the file streams block by block as the socket takes it
/// (the loop reads a block when `.readFile` was asked for and the channel is writable).
extension ConsoleMachine {
    /// A transfer under way.
    struct Transfer: Sendable {
        enum Phase: Sendable, Equatable {
            /// DATA was sent; the 354 is awaited.
            case awaitingDataReply
            /// Blocks go out as the loop reads them.
            case streaming
            /// A BDAT chunk's reply is awaited before the next (no PIPELINING).
            case awaitingChunkReply
            /// The message is out; its final reply (one per recipient with LMTP) is awaited.
            case awaitingFinalReply
        }

        let plan: TransferPlan
        var phase: Phase
        var encoder: MessageBodyEncoder
        let startedAt: ContinuousClock.Instant
        var sent = 0
        var chunks = 0
        var lastProgressAt: ContinuousClock.Instant?
        var nextQuarter = 1
        var warnedNonASCII: Bool
        var warnedLongLine = false
        /// The user stopped it (Ctrl-C); the close that follows is expected.
        var aborted = false
        /// Ctrl-C asked "stop sending?"; the next typed line answers (the question ends
        /// with the transfer, however it ends).
        var askingToStop = false
        /// BDAT: the end of a block after its last line break, sent with the next chunk so
        /// that every chunk but the last ends with a whole line.
        var carry: [UInt8] = []
    }

    /// Files smaller than this get no progress display.
    static let progressThreshold = 1024 * 1024

    /// `/send FILE` or `/bdat FILE`, the file opened: checks the session, then starts.
    mutating func transferRequested(_ plan: TransferPlan, at now: Moment) -> [Output] {
        guard isConnected else {
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return take()
        }
        guard activity.isIdle else {
            show(.error("\(plan.command) needs an idle session (no transfer, AUTH or handshake under way)"))
            return take()
        }
        if let problem = transferProblem(plan) {
            show(.error("\(plan.command): " + problem))
            return take()
        }
        if session.inputMode == .command, let limit = session.extensions?.sizeLimit, plan.size > limit {
            let what = "\(plan.path) is \(plan.size) bytes, over the server's SIZE limit of \(limit) (RFC 1870)"
            if settings.pacing == .interactive {
                show(.warning(what + ": the server will likely refuse it"))
                activity = .asking(.sendOverSizeLimit(plan, limit: limit))
            } else {
                show(.error("\(plan.command): \(what); not sent"))
                stop(with: .messageTooLarge)
            }
            return take()
        }
        beginTransfer(plan, at: now)
        return take()
    }

    /// Why the session cannot take the file now, or nil when it can.
    private func transferProblem(_ plan: TransferPlan) -> String? {
        switch plan.kind {
        case .data:
            switch session.inputMode {
            case .authResponse: return "answer the AUTH challenge first"
            case .dataBody: return nil
            case .command: return Self.transactionProblem(session, for: "/send")
            }
        case .bdat:
            guard session.inputMode == .command else { return "not in the DATA body — end it with a lone . first" }
            guard session.extensions?.contains("CHUNKING") == true else {
                return session.extensions == nil
                    ? "no CHUNKING known — send EHLO first (BDAT needs the CHUNKING extension, RFC 3030)"
                    : "the server did not advertise CHUNKING (RFC 3030), so it does not take BDAT; use /send (DATA) instead"
            }
            return Self.transactionProblem(session, for: "/bdat")
        }
    }

    /// Why the open transaction cannot take a message now, or nil when it can.
    static func transactionProblem(_ session: SessionMachine, for command: String) -> String? {
        guard let transaction = session.transaction else {
            return "no mail transaction — send MAIL FROM:<address> and RCPT TO:<address> first"
        }
        guard transaction.acceptedRecipients > 0 else {
            return "no recipient accepted yet — send RCPT TO:<address> first"
        }
        if transaction.bdatFailed {
            return "a BDAT chunk was refused: RFC 3030 says send RSET and start again"
        }
        if command == "/send", transaction.usesBDAT {
            return "this transaction already sent BDAT chunks; DATA may not follow (RFC 3030) — finish with /bdat or RSET"
        }
        return nil
    }

    /// Starts the transfer: DATA first when in command mode, else straight to the file.
    mutating func beginTransfer(_ plan: TransferPlan, at now: Moment) {
        guard isConnected else {
            // Asked whether to send over the SIZE limit, and the connection closed meanwhile.
            show(.error("not connected — use /connect HOST [PORT] or /reconnect"))
            return
        }
        let extensions = session.extensions
        let eightBit = extensions?.contains("8BITMIME") == true || extensions?.contains("SMTPUTF8") == true
        var transfer = Transfer(
            plan: plan, phase: .streaming, encoder: MessageBodyEncoder(dotStuffing: plan.kind == .data),
            startedAt: now.monotonic, warnedNonASCII: eightBit)
        if plan.kind == .data, session.inputMode == .command {
            transfer.phase = .awaitingDataReply
            activity = .transfer(transfer)
            if settings.pacing != .interactive { show(.echo("DATA")) }
            sendCommand("DATA", owner: .transfer, at: now)
            return
        }
        activity = .transfer(transfer)
        emit(.readFile)
    }

    /// The next block of the file; `isLast` when the file ends with it.
    mutating func fileRead(_ block: [UInt8], isLast: Bool, at now: Moment) -> [Output] {
        // A block read before the transfer ended (a close, a refused chunk) goes nowhere.
        guard case .transfer(var transfer) = activity, transfer.phase == .streaming else { return [] }
        // Changed here and put back at the end, so that its carry is not copied.
        activity = .modifying
        var input = block
        if transfer.plan.kind == .bdat {
            input = transfer.carry + block
            transfer.carry = []
            if !isLast, let lastBreak = input.lastIndex(of: 0x0A), lastBreak < input.count - 1 {
                transfer.carry = Array(input[(lastBreak + 1)...])
                input.removeSubrange((lastBreak + 1)...)
            }
        }
        var wire: [UInt8] = []
        wire.reserveCapacity(input.count + input.count / 32 + 64)
        transfer.encoder.encode(input, into: &wire)
        if isLast { transfer.encoder.finish(into: &wire) }
        transfer.sent += block.count
        if !transfer.warnedNonASCII, let line = transfer.encoder.firstNonASCIILine {
            transfer.warnedNonASCII = true
            show(
                .warning(
                    "line \(line) of \(transfer.plan.path) has non-ASCII bytes, and the server advertised "
                        + "neither 8BITMIME nor SMTPUTF8 (sent anyway)"
                ))
        }
        if !transfer.warnedLongLine, let line = transfer.encoder.firstLongLine {
            transfer.warnedLongLine = true
            show(.warning("line \(line) of \(transfer.plan.path) is longer than the 998 octets RFC 5321 allows (sent anyway)"))
        }
        switch transfer.plan.kind {
        case .data:
            emit(.write(wire))
            if isRecording { emit(.recordBody(wire)) }
            if isLast {
                transfer.phase = .awaitingFinalReply
                // The lone dot goes through the session like a typed one.
                let sent = session.lineSent(".")
                record(TranscriptEntry(direction: .client, bytes: [0x2E], timestamp: now.wall))
                emit(.write([0x2E, 0x0D, 0x0A]))
                register(sent.id, text: ".", owner: .transfer, at: now)
                show(
                    .hint(
                        "(\(transfer.plan.path): \(transfer.encoder.lineCount) lines sent, then the lone . — waiting for the reply)"
                    ))
            }
        case .bdat:
            transfer.chunks += 1
            let command = "BDAT \(wire.count)" + (isLast ? " LAST" : "")
            let sent = session.lineSent(command)
            record(TranscriptEntry(direction: .client, bytes: Array(command.utf8), timestamp: now.wall))
            register(sent.id, text: command, owner: .transfer, at: now)
            emit(.write(Self.wire(command) + wire))
            if isRecording { emit(.recordBody(wire)) }
            if isLast {
                transfer.phase = .awaitingFinalReply
                show(.hint("(\(transfer.plan.path): \(transfer.encoder.lineCount) lines sent as BDAT chunks, the last with LAST)"))
            } else if session.extensions?.contains("PIPELINING") != true {
                transfer.phase = .awaitingChunkReply
            }
        }
        progress(&transfer, at: now, finished: isLast)
        activity = .transfer(transfer)
        if transfer.phase == .streaming { emit(.readFile) }
        return take()
    }

    /// The file could not be read further: the message is incomplete.
    mutating func fileFailed(_ message: String, at now: Moment) -> [Output] {
        guard isTransferring else { return [] }
        activity = .idle
        show(.error("\(message) — stopped; the message is incomplete (RSET, or close the connection)"))
        return take()
    }

    /// A progress event at most ten times a second, and at each quarter.
    private mutating func progress(_ transfer: inout Transfer, at now: Moment, finished: Bool) {
        let total = transfer.plan.size
        guard total >= Self.progressThreshold else { return }
        var passedQuarter = false
        while transfer.nextQuarter <= 4, transfer.sent * 4 >= total * transfer.nextQuarter {
            transfer.nextQuarter += 1
            passedQuarter = true
        }
        if !passedQuarter, !finished, let last = transfer.lastProgressAt, now.monotonic - last < .milliseconds(100) {
            return
        }
        transfer.lastProgressAt = now.monotonic
        let seconds = max(Double(Clock.milliseconds(from: transfer.startedAt, to: now.monotonic)) / 1000, 0.001)
        show(
            .progress(
                TransferProgress(
                    sent: min(transfer.sent, total), total: total, bytesPerSecond: Double(transfer.sent) / seconds,
                    passedQuarter: passedQuarter, finished: finished)))
    }

    /// A reply to one of the transfer's commands (DATA, a BDAT chunk, the end of data).
    mutating func transferReplied(_ reply: Reply, context: ReplyContext, stillPending: Bool) {
        // A refused BDAT chunk ends the transfer while later chunks await their replies:
        // those replies find none, and change nothing.
        guard let transfer else { return }
        switch transfer.phase {
        case .awaitingDataReply:
            guard reply.code == 354 else {
                activity = .idle
                show(.error("/send: the server did not answer DATA with 354 (\(reply.code)); the file was not sent"))
                return
            }
            withTransfer { $0.phase = .streaming }
            emit(.readFile)
        case .streaming, .awaitingChunkReply:
            guard transfer.plan.kind == .bdat else { return }
            guard reply.isPositive else {
                activity = .idle
                show(.error("/bdat: chunk \(transfer.chunks) was not accepted — stopped (RFC 3030: send RSET)"))
                return
            }
            if transfer.phase == .awaitingChunkReply {
                withTransfer { $0.phase = .streaming }
                emit(.readFile)
            }
        case .awaitingFinalReply:
            if context == .endOfData, !stillPending { activity = .idle }
        }
    }

    /// Ctrl-C confirmed: SMTP cannot abort DATA, so the connection is dropped.
    mutating func abortTransfer() {
        withTransfer { $0.aborted = true }
        guard let transfer else { return }
        show(
            .error(
                "transfer stopped after \(transfer.sent) of \(transfer.plan.size) bytes; SMTP cannot abort "
                    + "DATA, so the connection is dropped"
            ))
        emit(.close)
    }
}
