#if DEBUG
    import Glibc
    import SMTPCore
    import SMTPTranscript
    import SMTPTransport
    @testable import SMTPConsole

    /// The console machine driven by a script of events, one per line of the input (so
    /// seeds can be written by hand and libFuzzer's mutations stay meaningful). The first
    /// byte of a line says what happens; the rest is its text:
    ///
    ///     > LINE   the user types LINE          ] A|B|C  lines pasted at once
    ///     < TEXT   the server sends TEXT CRLF   ( TEXT  the server sends TEXT (no line end)
    ///     c / C / f  connect started / connected / failed
    ///     x / X / k  closed by the server / lost / by smtpc
    ///     t / d / e  the STARTTLS under way succeeds / is declined / fails
    ///     T      TLS established (implicit TLS)  m   the meta-command under way finishes
    ///     b / B / E  the next file block / the last one / a read error (when one was asked for)
    ///     ! / ?  Ctrl-C during a transfer / while lines wait   q  /quit
    ///     g      the greeting is overdue         s   /starttls typed   p   --starttls's prelude
    ///     w N    N milliseconds pass
    ///
    /// The harness keeps the loop's side of the contract (a STARTTLS outcome only after
    /// `.startTLS`, a file block only after `.readFile` while the transfer lasts, network
    /// input only while there is a connection, a meta-command's request only while it runs,
    /// the prelude only before anything else) and checks after every event; an input the
    /// machine finds impossible fails its assertion:
    /// - each reply answers at most one command, and is shown once;
    /// - the commands awaiting replies are exactly the session's pending ones;
    /// - the prompt's state is consistent (held lines, question, transfer, connection);
    /// - only a question or a STARTTLS awaiting its outcome outlives a connection;
    /// - everything shown renders to lines with no control characters;
    /// - every server line received while connected is in the transcript, in order;
    /// - no credential is recorded.
    func fuzzConsoleMachine(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let pacing: ConsoleMachine.Pacing = [.interactive, .lockstep, .pipelined][Int(first % 3)]
        var harness = MachineHarness(pacing: pacing, lmtp: first & 4 != 0)
        let trace = getenv("SMTPC_FUZZ_TRACE") != nil
        for line in bytes.dropFirst().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).prefix(400) {
            harness.step(op: line.first!, text: Array(line.dropFirst()))
            if trace {
                let m = harness.machine
                complain(
                    "\(String(decoding: line, as: UTF8.self).debugDescription) connected: \(m.isConnected) "
                        + "commands: \(m.commands.keys.sorted()) pending: \(m.session.pending.map(\.id)) "
                        + "mode: \(m.session.inputMode) transfer: \(m.transfer != nil)"
                )
            }
            harness.checkInvariants()
        }
        harness.finish()
    }

    private struct MachineHarness {
        var machine: ConsoleMachine
        var clock = ContinuousClock.now
        /// Lines past 120 bytes are too long here, so short inputs reach the overflow path.
        static let limits = ReplyParser.Limits(maxLineLength: 120)
        var parser = ReplyParser(limits: limits)
        let renderer = ConsoleRenderer(style: Style(enabled: false), isTerminal: false)
        /// Obligations of the loop: outputs that ask for a later input.
        var startTLSPending = false
        var metaPending: String?
        var fileBlockWanted = false
        var transferOffset = 0
        /// Server lines delivered while connected, and server lines recorded.
        var delivered: [[UInt8]] = []
        var recorded: [[UInt8]] = []
        var heldWhileConnecting: [[UInt8]] = []
        /// An over-long line as delivered so far, and as recorded so far.
        var deliveredOpenLine: [UInt8]?
        var recordedOpenLine: [UInt8] = []
        var commandModeBefore = true

        init(pacing: ConsoleMachine.Pacing, lmtp: Bool) {
            machine = ConsoleMachine(settings: .init(pacing: pacing, lmtp: lmtp, hints: true))
            machine.isRecording = true
        }

        mutating func now() -> Moment {
            clock = clock.advanced(by: .microseconds(250))
            return Moment(monotonic: clock, wall: 1_767_225_600)
        }

        mutating func step(op: UInt8, text bytes: [UInt8]) {
            // Lines recorded by an event that starts and ends in command mode are commands
            // (a body line may well start with AUTH).
            commandModeBefore = machine.session.inputMode == .command
            let text = String(decoding: bytes, as: UTF8.self)
            let at = now()
            switch op {
            case UInt8(ascii: ">"): carryOut(machine.typed([text], at: at))
            case UInt8(ascii: "]"): carryOut(machine.typed(text.split(separator: "|").map(String.init), at: at))
            case UInt8(ascii: "<"): serverSends(bytes + [13, 10])
            case UInt8(ascii: "("): serverSends(bytes)
            case UInt8(ascii: "c"):
                // The loop drops the old connection: an over-long line it was receiving stays
                // as far as it came, and the transcript's next entry ends its open line.
                if let open = deliveredOpenLine, machine.isConnected { delivered.append(open) }
                if !recordedOpenLine.isEmpty { recorded.append(recordedOpenLine) }
                deliveredOpenLine = nil
                recordedOpenLine = []
                parser = ReplyParser(limits: Self.limits)
                heldWhileConnecting = []
                startTLSPending = false
                fileBlockWanted = false
                carryOut(machine.connectStarted(.host(HostSpec(host: "mx.example.org", port: 25)), at: at))
            case UInt8(ascii: "C"):
                guard machine.isConnecting else { return }
                delivered += heldWhileConnecting
                heldWhileConnecting = []
                carryOut(machine.connected(remoteAddress: "192.0.2.1:25", at: at))
            case UInt8(ascii: "f"):
                guard machine.isConnecting else { return }
                heldWhileConnecting = []
                carryOut(machine.connectFailed(TLSError(kind: .handshakeFailed, message: text), at: at))
            case UInt8(ascii: "x"): close(.byServer)
            case UInt8(ascii: "X"): close(.error(text))
            case UInt8(ascii: "k"): close(.byClient)
            case UInt8(ascii: "t"), UInt8(ascii: "d"), UInt8(ascii: "e"):
                guard startTLSPending else { return }
                startTLSPending = false
                let result: Result<StartTLSOutcome, any Error>
                switch op {
                case UInt8(ascii: "t"): result = .success(.established(Self.tlsInfo))
                case UInt8(ascii: "d"):
                    let line = Array("454 4.7.0 TLS not available".utf8)
                    let reply = Reply(code: 454, lines: [ReplyLine(code: 454, isLast: true, text: Array(line.dropFirst(4)), raw: line)])
                    result = .success(.declined(reply))
                default: result = .failure(TLSError(kind: .hostnameMismatch, message: text))
                }
                carryOut(machine.startTLSFinished(result, at: at))
            case UInt8(ascii: "T"):
                guard machine.isConnected || machine.isConnecting else { return }
                carryOut(machine.received(.tlsEstablished(Self.tlsInfo, at)))
            case UInt8(ascii: "m"):
                guard let meta = metaPending else { return }
                metaPending = nil
                let words = meta.split(separator: " ")
                if words.first == "/starttls" { carryOut(machine.startTLSRequested(at: at)) }
                if let verb = words.first, verb == "/send" || verb == "/bdat" {
                    let plan = TransferPlan(kind: verb == "/send" ? .data : .bdat, path: "fuzz.eml", size: 64 * bytes.count)
                    transferOffset = 0
                    carryOut(machine.transferRequested(plan, at: at))
                }
                carryOut(machine.metaCommandFinished(at: at))
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "E"):
                guard fileBlockWanted, machine.isTransferring else { return }
                fileBlockWanted = false
                if op == UInt8(ascii: "E") {
                    carryOut(machine.fileFailed(text, at: at))
                } else {
                    carryOut(machine.fileRead(bytes + [10], isLast: op == UInt8(ascii: "B"), at: at))
                }
            case UInt8(ascii: "!"): carryOut(machine.interruptedDuringTransfer())
            case UInt8(ascii: "?"): carryOut(machine.interruptedWhileWaiting())
            case UInt8(ascii: "q"): carryOut(machine.quitRequested(at: at))
            case UInt8(ascii: "g"): carryOut(machine.greetingOverdue(after: 30, at: at))
            case UInt8(ascii: "s"): carryOut(machine.typed(["/starttls"], at: at))
            case UInt8(ascii: "p"):
                // The loop starts the prelude before anything else is sent or runs.
                guard machine.activity.isIdle, metaPending == nil, machine.session.pending.isEmpty,
                    machine.heldLines.isEmpty
                else { return }
                carryOut(machine.preludeStarted(hello: "EHLO fuzz.example", at: at))
            case UInt8(ascii: "w"):
                clock = clock.advanced(by: .milliseconds(Int(text.prefix(6).filter(\.isNumber)) ?? 1))
            default: break
            }
        }

        static let tlsInfo = TLSInfo(
            protocolVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", serverNameSent: "mx.example.org", alpn: nil,
            verification: .verified(name: "mx.example.org"), certificates: [])

        /// Bytes from the server, as the transport delivers them: parsed, one input per event.
        mutating func serverSends(_ bytes: [UInt8]) {
            // No connection, no network; after the 220 to an armed STARTTLS the transport
            // reads nothing in plaintext (it refuses the injection and closes).
            guard machine.isConnected || machine.isConnecting, !startTLSPending || machine.session.pending.isEmpty else { return }
            deliver(parser.feed(bytes))
        }

        mutating func close(_ reason: ClosedReason) {
            guard machine.isConnected || machine.isConnecting else { return }
            deliver(parser.finish())
            startTLSPending = false
            fileBlockWanted = false
            carryOut(machine.received(.closed(reason, now())))
        }

        mutating func deliver(_ events: [ReplyParser.Event]) {
            for event in events {
                let at = now()
                switch event {
                case .reply(let reply):
                    receivedLines(reply.lines.map(\.raw))
                    let before = machine.commands.count
                    let outputs = machine.received(.reply(reply, at))
                    let shown = outputs.filter { if case .show(.reply) = $0 { return true } else { return false } }
                    precondition(shown.count <= 1, "one reply shown \(shown.count) times")
                    precondition(
                        machine.commands.count >= before - 1 || !machine.isConnected,
                        "one reply answered \(before - machine.commands.count) commands")
                    carryOut(outputs)
                case .error(let error):
                    var lines = error.abandonedLines.map(\.raw)
                    if error.kind == .lineTooLong {
                        deliveredOpenLine = error.line
                    } else if !error.line.isEmpty, !error.lineStartsNextReply {
                        lines.append(error.line)
                    }
                    receivedLines(lines)
                    carryOut(machine.received(.parseError(error, at)))
                case .overflow(let piece):
                    precondition(deliveredOpenLine != nil, "an overflow piece without a line too long before it")
                    deliveredOpenLine? += piece.bytes
                    if let length = piece.endedAtLength, let line = deliveredOpenLine {
                        precondition(line.count == length, "an over-long line of \(line.count) bytes said to be \(length)")
                        receivedLines([line])
                        deliveredOpenLine = nil
                    }
                    carryOut(machine.received(.overflow(piece, at)))
                }
            }
        }

        /// Lines that reached the machine: recorded now when connected; held with the
        /// events that arrive while connecting (recorded once connected, dropped if the
        /// connect fails).
        mutating func receivedLines(_ lines: [[UInt8]]) {
            switch machine.link {
            case .connected: delivered += lines
            case .connecting: heldWhileConnecting += lines
            case .disconnected, .modifying: break
            }
        }

        /// Plays the loop: remembers what the outputs ask for later, renders what is shown.
        mutating func carryOut(_ outputs: [ConsoleMachine.Output]) {
            for output in outputs {
                switch output {
                case .write, .close, .addHistory, .arm: break
                case .startTLS: startTLSPending = true
                case .runMeta(let line):
                    precondition(metaPending == nil, "a meta-command while another runs")
                    metaPending = line
                case .readFile: fileBlockWanted = true
                case .show(let event):
                    for line in renderer.lines(for: event, columns: 80) {
                        precondition(isTerminalSafe(line), "a control character on screen: \(line.debugDescription)")
                    }
                case .record(let entry):
                    if entry.direction == .server { recorded.append(entry.bytes) }
                    if entry.direction == .client, !entry.isSecret, commandModeBefore, machine.session.inputMode == .command {
                        let words = String(decoding: entry.bytes, as: UTF8.self).split(separator: " ")
                        precondition(
                            !(words.count >= 3 && words[0].uppercased() == "AUTH"), "an AUTH initial response recorded: \(words)")
                    }
                    if entry.isSecret {
                        // Written as its redacted text alone; an AUTH line keeps only its mechanism.
                        let redacted = entry.redactedText ?? TranscriptFormat.redacted
                        let line = TranscriptFormat.text.line(for: entry, keepSecrets: false)
                        precondition(line == "CLIENT: \(redacted)\n", "a secret written as \(line.debugDescription)")
                        let words = redacted.split(separator: " ")
                        precondition(words.count < 3 || words[2...] == [Substring(TranscriptFormat.redacted)])
                    }
                case .recordPiece(let entry, let endsLine):
                    precondition(entry.direction == .server, "a piece of a client line")
                    recordedOpenLine += entry.bytes
                    if endsLine {
                        recorded.append(recordedOpenLine)
                        recordedOpenLine = []
                    }
                case .recordBody: break
                }
            }
            // However a transfer ends, the loop reads no more of its file.
            if !machine.isTransferring, machine.question == nil { fileBlockWanted = false }
        }

        func checkInvariants() {
            let m = machine
            precondition(m.queueHead <= m.queue.count, "the held-line cursor is past the queue")
            switch m.link {
            case .connected:
                let pending = Set(m.session.pending.map(\.id))
                precondition(Set(m.commands.keys).isSubset(of: pending), "a command is awaited that the session forgot")
            case .connecting:
                precondition(m.activity.isIdle, "an activity while connecting: \(m.activity)")
            case .disconnected:
                precondition(m.commands.isEmpty, "commands awaited without a connection")
                precondition(m.transfer == nil && m.auth == nil, "a transfer or AUTH without a connection")
                precondition(
                    m.activity.isIdle || m.question != nil || m.startTLSInFlight,
                    "only a question or a STARTTLS awaiting its outcome outlives a connection: \(m.activity)")
            case .modifying:
                preconditionFailure("the link left in the middle of a change")
            }
            if case .modifying = m.activity { preconditionFailure("the activity left in the middle of a change") }
            if case .abortTransfer? = m.question { precondition(m.transfer != nil, "asking to stop a transfer that ended") }
            if case .heldLinesAfterRefusedData? = m.question { precondition(m.settings.pacing == .interactive) }
            precondition(m.questionText.map(isTerminalSafe) ?? true)
            let prompt = Prompt.text(for: m, style: Style(enabled: false))
            precondition(prompt.hasSuffix("> ") && isTerminalSafe(prompt), "an invalid prompt: \(prompt.debugDescription)")
            precondition(m.isConnected || prompt == "(disconnected)> " || m.isConnecting || !m.isConnected)
        }

        /// At the end: the connection closes, and every server line delivered while
        /// connected was recorded, in order.
        mutating func finish() {
            close(.byServer)
            precondition(recorded == delivered, "the transcript lost or changed server lines")
        }
    }
#endif
