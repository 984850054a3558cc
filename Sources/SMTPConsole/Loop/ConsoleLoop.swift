import Glibc
import NIOPosix
import SMTPCore
import SMTPTranscript
import SMTPTransport
import Synchronization

/// Runs the console machine on one thread: the terminal's (inside the line editor's
/// `poll`) or script mode's. Network events arrive through `inbox`; the machine's
/// outputs are carried out here — writes handed to the channel, lines to the display,
/// entries to the transcript. Nothing blocks and nothing here is shared with the event
/// loop but the inbox.
final class ConsoleLoop {
    private(set) var machine: ConsoleMachine
    var configuration: ConsoleConfiguration
    let renderer: ConsoleRenderer
    let inbox = EventInbox()
    /// The practice server running in this process (smtpc with no host), for `/inbox`.
    var practice: PracticeSession?
    var style: Style { renderer.style }

    /// Where rendered lines go (the editor's output queue, or standard output).
    var display: ([String]) -> Void
    /// The progress bar's status line on a terminal (nil removes it).
    var status: ((TransferProgress?) -> Void)?
    /// Where lines that may be remembered go.
    var history: ((String) -> Void)?
    /// The terminal's width, so that annotations stay one line (nil in script mode).
    var columns: (() -> Int)?
    /// Sees each reply as it is shown (replay compares it with the recording).
    var replyObserver: ((ReplyDisplay) -> Void)?

    /// A progress bar is on screen.
    private var statusShown = false

    /// Script mode: how long the event loop watches for the answer to a reply and writes
    /// it itself (``ConnectOptions/answerWindow``); nil in the interactive console.
    var answerWindow: Duration?

    /// Meta-commands released by the machine, to run where prompting is possible.
    var deferredMetaCommands: [String] = []

    /// The TLS context for the prelude's STARTTLS, built on another thread while the console
    /// connects, greets and says EHLO.
    private var tlsAhead: TLSContextAhead?

    /// Outputs of the events of one pass over the inbox, carried out together when it ends
    /// (nil outside such a pass: at once). So the writes of a pass go out before any of its
    /// lines are rendered: after STARTTLS, the EHLO leaves before "TLS established" and the
    /// certificate are drawn (docs/benchmarks.md, ninth round).
    private var batch: [ConsoleMachine.Output]?

    private(set) var connection: SMTPConnection?
    /// Why the last connect call failed, for the exit status.
    private(set) var connectFailure: (any Error)?
    private var generation = 0
    /// Replies received on the current connection (for ``ConnectOptions/answerWindow``).
    private var repliesReceived = 0
    // The transcript (ConsoleLoop+Transcript.swift).
    var transcript: TranscriptWriter?
    var transcriptFailed = false
    /// The part of a body line not yet recorded (body blocks end anywhere).
    var bodyLineTail: [UInt8] = []
    private var file: MessageFile?
    private var wantsFileBlock = false
    /// Bytes handed to the channel and not yet written to the socket. The channel's
    /// writability flips only once a write reaches the event loop, so a fast reader could
    /// queue many blocks before it does: this count bounds a transfer's memory instead.
    private let unwritten = ByteCount()
    /// Most unwritten bytes before the next block of a file is read.
    static let unwrittenLimit = 2 << 20
    /// Stops reading from the server while this much of what it sent waits to be handled
    /// (``ReadGate``): one per connection.
    private var readGate: ReadGate?
    /// The most of what the server sent that one pass over the inbox handles
    /// (``ConnectionEvent/weight``); the rest waits for the next pass.
    static let passWeight = 512 << 10
    /// Bytes of screen text not yet written to the terminal (nil: no terminal, never folds).
    var screenBacklog: (() -> Int)?
    /// The long reply being counted instead of shown on a terminal that fell behind.
    private var fold = ReplyFold()

    init(
        configuration: ConsoleConfiguration, pacing: ConsoleMachine.Pacing, renderer: ConsoleRenderer,
        practice: PracticeSession?, display: @escaping ([String]) -> Void
    ) {
        self.configuration = configuration
        self.renderer = renderer
        self.practice = practice
        self.display = display
        machine = ConsoleMachine(
            settings: ConsoleMachine.Settings(pacing: pacing, lmtp: configuration.lmtp, hints: configuration.hints))
    }

    /// Tells the machine whether a transcript is being written (it records nothing otherwise).
    func markRecording(_ recording: Bool) {
        machine.isRecording = recording
    }

    // MARK: Inputs

    /// Feeds the machine through `input` and carries out what it answers.
    func feed(_ input: (inout ConsoleMachine) -> [ConsoleMachine.Output]) {
        let outputs = input(&machine)
        if batch != nil {
            batch?.append(contentsOf: outputs)
        } else {
            apply(outputs)
        }
    }

    /// Lines the user typed or the script supplied.
    func typed(_ lines: [String]) {
        feed { $0.typed(lines, at: .now()) }
    }

    /// Shows lines made outside the machine (meta-command output).
    func show(_ lines: [String]) {
        if !lines.isEmpty { display(lines) }
    }

    /// Shows one of smtpc's own errors.
    func error(_ text: String) {
        display(renderer.lines(for: .error(text)))
    }

    /// Starts connecting to `target`, closing any current connection; the outcome arrives
    /// through the inbox. `prelude`: `--starttls`'s prelude follows (it starts with the
    /// greeting, and its TLS context is built meanwhile).
    func connect(to target: ConnectTarget, prelude: Bool = false) {
        connection?.closeNow()
        connection = nil
        cancelFile()
        generation += 1
        repliesReceived = 0
        let gate = ReadGate(limit: Self.passWeight * 4)
        readGate = gate
        tlsAhead =
            prelude
            ? target.endpoint.map { TLSContextAhead(settings: configuration.tlsSettings, endpoint: $0, startNow: false) } : nil
        // Once the connect is asked for (the event loop has a core to make it): the TLS
        // context's build starts, and the machine learns the EHLO the transport is armed with.
        defer {
            if let tlsAhead {
                tlsAhead.startBuilding()
                let hello = Self.preludeHello(lmtp: configuration.lmtp, name: configuration.helloName)
                machine.preludeArmed(hello: hello)
            }
        }
        let generation = self.generation
        let inbox = self.inbox
        feed { $0.connectStarted(target, at: .now()) }
        let options = ConnectOptions(
            addressFamily: configuration.addressFamily, connectTimeout: configuration.connectTimeout,
            tls: configuration.tlsMode == .implicit ? .implicit(configuration.tlsSettings) : .none,
            localAddress: configuration.localAddress, proxyHeader: configuration.proxyHeader, proxy: configuration.proxy,
            answerWindow: answerWindow, armedAnswers: tlsAhead.map { preludeAnswers(ahead: $0, generation: generation) } ?? [],
            readGate: gate)
        let onEvent: @Sendable (ConnectionEvent) -> Void = { event in
            inbox.post(.network(event, generation: generation))
        }
        if let opening = ConnectionOpener.openWithoutTask(target, options: options, onEvent: onEvent) {
            opening.whenComplete { result in
                switch result {
                case .success(let connection): inbox.post(.connected(connection, generation: generation))
                case .failure(let error): inbox.post(.connectFailed(error, generation: generation))
                }
            }
            return
        }
        let dnsServer = configuration.dnsServer
        Task {
            do {
                let connection = try await ConnectionOpener.open(
                    target, options: options, dnsServer: dnsServer, inbox: inbox, onEvent: onEvent)
                inbox.post(.connected(connection, generation: generation))
            } catch {
                inbox.post(.connectFailed(error, generation: generation))
            }
        }
    }

    /// `--starttls`'s EHLO and STARTTLS, armed for the event loop to write the moment the
    /// greeting and the EHLO reply arrive (``ArmedAnswer``): exactly what the prelude would
    /// send in answer to them, which records them as sent when told they went out.
    private func preludeAnswers(ahead: TLSContextAhead, generation: Int) -> [ArmedAnswer] {
        let lmtp = configuration.lmtp
        let name = configuration.helloName
        let inbox = self.inbox
        return ArmedAnswer.startTLSPrelude(
            hello: { Self.preludeHello(lmtp: lmtp, name: name) }, ahead: ahead,
            completion: { inbox.post(.startTLSFinished($0, generation: generation)) })
    }

    /// The prelude's EHLO (LHLO with `lmtp`) line, with `--ehlo`'s name or this machine's.
    nonisolated static func preludeHello(lmtp: Bool, name: String?) -> String {
        (lmtp ? "LHLO " : "EHLO ") + (name ?? HelloName.local())
    }

    /// Closes the connection (without QUIT).
    func disconnect() {
        connection?.closeNow()
    }

    // MARK: The inbox

    /// Handles the queued events (at most ``passWeight`` of what the server sent), then the
    /// transfer's next block when the socket can take it.
    ///
    /// What the server sent is counted out of the connection's ``ReadGate`` only once it has
    /// been handled and shown: a flood then waits at the server, not in memory, however
    /// fast it comes and however slowly the screen takes it.
    func drainInbox() {
        let events = inbox.drain(maximumWeight: Self.passWeight)
        let gate = readGate
        let current = generation
        var weight = 0
        for case .network(let event, let generation) in events where generation == current { weight += event.weight }
        batch = []
        for event in events { handle(event) }
        let outputs = batch ?? []
        batch = nil
        apply(outputs)
        gate?.consumed(weight)
        if wantsFileBlock, let connection, connection.isWritable,
            unwritten.value.load(ordering: .relaxed) < Self.unwrittenLimit
        {
            readNextBlock()
        }
    }

    private func handle(_ event: LoopEvent) {
        switch event {
        case .network(let event, let generation):
            guard generation == self.generation else { return }
            let now = Moment.now()
            switch event {
            case .reply(let reply, let receivedAt):
                repliesReceived += 1
                feed { $0.received(.reply(reply, Moment(monotonic: receivedAt, wall: now.wall))) }
            case .parseError(let error):
                feed { $0.received(.parseError(error, now)) }
            case .overflow(let piece):
                feed { $0.received(.overflow(piece, now)) }
            case .proxyHeaderSent(let summary):
                feed { $0.received(.proxyHeaderSent(summary, now)) }
            case .tlsEstablished(let info):
                feed { $0.received(.tlsEstablished(info, now)) }
            case .answerWritten:
                feed { $0.received(.answerWritten(now)) }
            case .closed(let reason):
                connection = nil
                cancelFile()
                feed { $0.received(.closed(reason, now)) }
            case .writable:
                break  // drainInbox reads the next block
            }
        case .connected(let connection, let generation):
            guard generation == self.generation else {
                connection.closeNow()
                return
            }
            self.connection = connection
            feed { $0.connected(remoteAddress: connection.remoteAddress, at: .now()) }
            let inbox = self.inbox
            connection.after(configuration.replyTimeout) { inbox.post(.greetingDeadline(generation: generation)) }
        case .connectFailed(let error, let generation):
            guard generation == self.generation else { return }
            connectFailure = error
            feed { $0.connectFailed(error, at: .now()) }
        case .startTLSFinished(let result, let generation):
            guard generation == self.generation else { return }
            feed { $0.startTLSFinished(result, at: .now()) }
        case .notes(let events):
            feed { $0.noted(events) }
        case .greetingDeadline(let generation):
            guard generation == self.generation else { return }
            let seconds = Clock.milliseconds(of: configuration.replyTimeout) / 1000
            feed { $0.greetingOverdue(after: seconds, at: .now()) }
        case .poke:
            break
        }
    }

    /// Waits on the inbox (and `interrupt`, a descriptor such as the signal pipe) until
    /// `done` holds, `timeout` passed, or `interrupt` became readable.
    func pump(
        until done: (ConsoleMachine) -> Bool, timeout: Duration? = nil, interrupt: Int32? = nil
    ) -> PumpResult {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while !done(machine) {
            var fds = [pollfd(fd: inbox.descriptor, events: Int16(POLLIN), revents: 0)]
            if let interrupt { fds.append(pollfd(fd: interrupt, events: Int16(POLLIN), revents: 0)) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - .now
                if left <= .zero { return .timedOut }
                wait = Int32(clamping: max(1, Clock.milliseconds(of: left)))
            }
            if poll(&fds, nfds_t(fds.count), wait) < 0, errno != EINTR { return .timedOut }
            if fds.count > 1, fds[1].revents != 0 { return .interrupted }
            if fds[0].revents != 0 { drainInbox() }
        }
        return .done
    }

    /// Runs async work (the practice server's start) to completion while the loop goes
    /// on handling its inbox; the loop, not a semaphore, waits for the result.
    func wait<T: Sendable>(for work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let result = Mutex<Result<T, any Error>?>(nil)
        let inbox = self.inbox
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            inbox.post(.poke)
        }
        _ = pump(until: { _ in result.withLock { $0 != nil } })
        return result.withLock { $0! }
    }

    /// How a `pump` ended.
    enum PumpResult {
        case done, timedOut, interrupted
    }

    // MARK: Outputs

    /// Carries out the machine's outputs in order; consecutive writes go out in one.
    ///
    /// The network comes first: writes, STARTTLS and close are carried out in one pass,
    /// and what is shown, recorded and remembered in a second, so that the server already
    /// has the next command while its echo and the last reply are rendered (in script
    /// mode the wait for each reply is the conversation's pace).
    func apply(_ outputs: [ConsoleMachine.Output]) {
        guard !outputs.isEmpty else { return }
        var pending: [UInt8] = []
        func flushWrites() {
            guard !pending.isEmpty else { return }
            guard let connection else { return }
            let count = pending.count
            unwritten.value.add(count, ordering: .relaxed)
            let inbox = self.inbox
            let unwritten = self.unwritten
            connection.send(pending) { _ in
                // Written (or failed): room for the next block; wake the loop if it waits.
                if unwritten.value.subtract(count, ordering: .relaxed).newValue < Self.unwrittenLimit,
                    count >= MessageFile.chunkSize
                {
                    inbox.post(.poke)
                }
            }
            pending = []
        }
        for output in outputs {
            switch output {
            case .write(let bytes):
                if pending.isEmpty { pending = bytes } else { pending += bytes }
            case .startTLS(let command, let then):
                flushWrites()
                startTLS(command: command, then: then)
            case .close:
                flushWrites()
                connection?.closeNow()
            default:
                break
            }
        }
        flushWrites()
        if answerWindow != nil, let connection {
            // Lines wait for the last outstanding reply: the event loop may watch for them.
            let pending = machine.session.pending.count
            let answers = pending > 0 && !machine.heldLines.isEmpty
            connection.expectAnswer(toReply: answers ? repliesReceived + pending : nil)
        }
        var lines: [String] = []
        var passBytes = 0
        let width = columns?()
        for output in outputs {
            switch output {
            case .write, .startTLS, .close:
                break
            case .show(.progress(let progress)):
                if let status {
                    status(progress.finished ? nil : progress)
                    statusShown = !progress.finished
                } else {
                    lines += renderer.lines(for: .progress(progress))
                }
            case .show(let event):
                if let screenBacklog {
                    let shown = fold.lines(
                        for: event, behind: screenBacklog() + passBytes, recording: transcript != nil, renderer: renderer,
                        columns: width)
                    passBytes = shown.reduce(passBytes) { $0 + $1.utf8.count + 1 }
                    lines += shown
                } else {
                    lines += renderer.lines(for: event, columns: width)
                }
                if case .reply(let shown) = event, let replyObserver {
                    // What the observer shows goes after the reply it is about.
                    display(lines)
                    lines = []
                    replyObserver(shown)
                }
            case .record(let entry):
                record(entry)
            case .recordBody(let bytes):
                recordBody(bytes)
            case .recordPiece(let entry, let endsLine):
                report(transcript?.writePiece(entry, endsLine: endsLine))
            case .addHistory(let line):
                history?(line)
            case .runMeta(let line):
                deferredMetaCommands.append(line)
            case .readFile:
                wantsFileBlock = true
                inbox.post(.poke)
            }
        }
        if !lines.isEmpty { display(lines) }
        // However a transfer ended (refused, closed, stopped), its bar and file go.
        if !machine.isTransferring, machine.question == nil {
            file = nil
            wantsFileBlock = false
            if statusShown {
                statusShown = false
                status?(nil)
            }
        }
    }

    private func startTLS(command: [UInt8], then: [UInt8]?) {
        guard let connection else {
            feed { $0.startTLSFinished(.failure(NotConnected()), at: .now()) }
            return
        }
        let settings = configuration.tlsSettings
        let inbox = self.inbox
        let generation = self.generation
        let ahead = tlsAhead
        tlsAhead = nil
        connection.startTLS(command: command, settings: settings, ahead: ahead, then: then) { result in
            inbox.post(.startTLSFinished(result, generation: generation))
        }
    }

    // MARK: Files

    /// Opens `path` for `/send` or `/bdat` and hands the plan to the machine.
    func transfer(_ kind: TransferPlan.Kind, path: String) {
        let file: MessageFile
        do {
            file = try MessageFile(path: path)
        } catch {
            self.error("\(error); nothing was sent")
            return
        }
        self.file = file
        feed { $0.transferRequested(TransferPlan(kind: kind, path: path, size: file.size), at: .now()) }
        if !machine.isTransferring, machine.question == nil { self.file = nil }
    }

    private func readNextBlock() {
        wantsFileBlock = false
        guard let file else { return }
        do {
            let chunked = machine.transfer?.plan.kind == .bdat
            let block = try file.read(maximum: chunked ? MessageFile.chunkSize : MessageFile.blockSize)
            let isLast = block.isEmpty || file.offset >= file.size
            if isLast { self.file = nil }
            feed { $0.fileRead(block, isLast: isLast, at: .now()) }
        } catch {
            self.file = nil
            feed { $0.fileFailed("\(error)", at: .now()) }
        }
    }

    /// Ends a long reply being counted instead of shown (the console is leaving): says how
    /// many of its lines were not shown.
    func endFold() {
        show(fold.end(recording: transcript != nil, renderer: renderer))
    }

    private func cancelFile() {
        file = nil
        wantsFileBlock = false
    }

}

/// A count shared with the event loop's write callbacks.
final class ByteCount: Sendable {
    let value = Atomic<Int>(0)
}

/// STARTTLS with no connection to send it on.
private struct NotConnected: Error, CustomStringConvertible {
    var description: String { "not connected" }
}
