import Glibc
import SMTPCore
import SystemIO

/// Script mode: standard input is not a terminal. Its lines go to the console machine as
/// they are read; the machine sends each when the conversation allows (after the reply to
/// the one before, or in groups with `--pipeline`), body lines after a 354 without
/// waiting. One `poll` waits on standard input and the network's inbox; every reply is
/// printed as it arrives, and the exit status says how it went.
final class ScriptRunner {
    let loop: ConsoleLoop
    var configuration: ConsoleConfiguration
    let style: Style
    /// Most lines read ahead of what the machine has sent.
    static let readAhead = 4096
    /// How long a script waiting for a reply watches for it before sleeping in `poll`.
    static let spin: UInt64 = 50_000
    /// How long the event loop watches for the script's answer to a reply, in nanoseconds.
    static let answerWindow: UInt64 = 100_000

    /// A runner whose lines are shown by `display` (standard output unless given).
    init(
        configuration: ConsoleConfiguration, style: Style, practice: PracticeSession?,
        display: @escaping ([String]) -> Void = { StandardOutput().write(lines: $0) }
    ) {
        self.configuration = configuration
        self.style = style
        loop = ConsoleLoop(
            configuration: configuration, pacing: configuration.pipeline ? .pipelined : .lockstep,
            renderer: ConsoleRenderer(style: style, isTerminal: false, quiet: configuration.quiet), practice: practice,
            display: display)
        if SpinWaits.enabled { loop.answerWindow = .nanoseconds(Int64(Self.answerWindow)) }
    }

    /// Runs the script from standard input (or `lines`, when given: a replay); the status
    /// says how it went.
    func run(target: ConnectTarget?, lines given: [String]? = nil) -> ExitStatus {
        if let target, let failed = open(target) { return failed }
        return play(given.map { ScriptInput.lines($0[...]) } ?? .reader(LineReader(descriptor: 0))) ?? finish()
    }

    /// Connects to `target`, waits for the greeting, and runs `--dane`'s lookup and
    /// `--starttls`'s prelude: nil when the script may begin, else the status to end with.
    func open(_ target: ConnectTarget) -> ExitStatus? {
        loop.connectAndWait(to: target, interrupt: nil, prelude: configuration.armsPrelude)
        guard loop.machine.isConnected || loop.machine.session.isClosed else {
            return loop.connectFailure.map { ExitStatus(for: $0) } ?? .unavailable
        }
        let greeted = loop.pump(
            until: { $0.session.greeting != .awaited || !$0.isConnected }, timeout: configuration.replyTimeout)
        guard greeted == .done else { return timedOut(waitingFor: "the greeting") }
        return loop.runConnectionPolicies(interrupt: nil)
    }

    /// Plays `input` until every line is sent and answered: nil then (the connection stays
    /// as it is, for more lines or ``finish()``), or the status when the script must stop
    /// (a timeout, `/quit`, a failed STARTTLS).
    func play(_ input: ScriptInput) -> ExitStatus? {
        var input = input
        let context = MetaContext(
            loop: loop,
            credentials: ScriptCredentials(allowWithoutTLS: configuration.allowAuthWithoutTLS, report: loop.error))
        var lastActivity = ContinuousClock.now
        while true {
            if let status = loop.machine.stopStatus {
                loop.disconnect()
                return status
            }
            while !loop.deferredMetaCommands.isEmpty {
                let line = loop.deferredMetaCommands.removeFirst()
                loop.show([style.annotation("> ") + line])
                let result = MetaCommands.run(line, context: context)
                loop.feed { $0.metaCommandFinished(at: .now()) }
                if result == .quit { return finish() }
                lastActivity = .now
            }
            if input.isAtEnd, loop.machine.isSettled { return nil }
            var fds = [pollfd(fd: loop.inbox.descriptor, events: Int16(POLLIN), revents: 0)]
            let reading = !input.isAtEnd && loop.machine.heldLines.count < Self.readAhead
            if reading, case .lines = input {
                // Lines in memory are always ready: hand over the next batch, then look again.
                if loop.machine.isSettled { lastActivity = .now }
                loop.typed(input.read(upTo: Self.readAhead))
                loop.drainInbox()
                continue
            }
            if reading { fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }
            var wait: Int32 = -1
            if !loop.machine.isSettled {
                let limit = loop.machine.awaitsEndOfData ? configuration.dataTimeout : configuration.replyTimeout
                let left = lastActivity + limit - .now
                guard left > .zero else {
                    return timedOut(
                        after: limit, waitingFor: loop.machine.oldestUnanswered.map { "the reply to \($0)" } ?? "the server")
                }
                wait = Int32(clamping: max(1, Clock.milliseconds(of: left)))
            }
            if SpinWaits.enabled, !loop.machine.isSettled, loop.inbox.awaitBriefly(nanoseconds: Self.spin) {
                loop.drainInbox()
                lastActivity = .now
                continue
            }
            if poll(&fds, nfds_t(fds.count), wait) < 0, errno != EINTR { return nil }
            if fds[0].revents != 0 {
                loop.drainInbox()
                lastActivity = .now
            }
            if reading, fds[1].revents != 0 {
                let lines = input.read(upTo: Self.readAhead)
                if !lines.isEmpty {
                    if loop.machine.isSettled { lastActivity = .now }
                    loop.typed(lines)
                }
            }
        }
    }

    /// The end of the script: closes the connection and judges the conversation.
    func finish() -> ExitStatus {
        if loop.machine.isConnected, loop.machine.session.inputMode == .dataBody {
            loop.show([style.warning("smtpc: the script ended inside a DATA body (no lone . line)")])
        }
        if loop.machine.isConnected, loop.machine.session.serverIsClosing {
            // After its 221 the server closes: a moment for that close, so the end is the
            // server's, as it is in the console's /quit (and the same on every run).
            _ = loop.pump(until: { !$0.isConnected }, timeout: .seconds(1))
        }
        if loop.machine.isConnected {
            loop.disconnect()
            _ = loop.pump(until: { !$0.isConnected }, timeout: .seconds(1))
        }
        let machine = loop.machine
        if let status = machine.stopStatus { return status }
        if machine.malformedReplies > 0 { return .protocolError }
        if machine.lostUnexpectedly { return .connectionLost }
        return machine.negativeReplies > 0 ? .negativeReply : .success
    }

    private func timedOut(after limit: Duration? = nil, waitingFor what: String) -> ExitStatus {
        let seconds = Clock.milliseconds(of: limit ?? configuration.replyTimeout) / 1000
        loop.error("timed out after \(seconds) s waiting for \(what)")
        // Nothing more is sent: the script stops here.
        loop.feed { $0.timedOut() }
        loop.disconnect()
        // The close delivers what the server sent of the reply (a line without its CRLF):
        // it goes into the transcript with the close itself before smtpc exits.
        _ = loop.pump(until: { !$0.isConnected && !$0.isConnecting }, timeout: .seconds(1))
        return .timeout
    }
}

/// Where a script's lines come from: standard input, or a list made in advance (replay).
enum ScriptInput {
    case reader(LineReader)
    case lines(ArraySlice<String>)

    var isAtEnd: Bool {
        switch self {
        case .reader(let reader): reader.isAtEnd
        case .lines(let lines): lines.isEmpty
        }
    }

    /// The next lines: those now readable, or at most `limit` of a list.
    mutating func read(upTo limit: Int) -> [String] {
        switch self {
        case .reader(var reader):
            let lines = reader.read()
            self = .reader(reader)
            return lines
        case .lines(let lines):
            self = .lines(lines.dropFirst(limit))
            return Array(lines.prefix(limit))
        }
    }
}

/// Lines from a descriptor, read in large blocks without blocking on a partial line.
struct LineReader {
    let descriptor: Int32
    private(set) var isAtEnd = false
    private var splitter = LineSplitter()

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The complete lines now readable (a CR before the LF dropped); at the end of input,
    /// a last line without a newline too.
    mutating func read() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return [] }
            isAtEnd = true
        } else if count == 0 {
            isAtEnd = true
        }
        var lines = splitter.lines(in: buffer.prefix(max(0, count))).map { String(decoding: $0, as: UTF8.self) }
        if isAtEnd, let last = splitter.finish() { lines.append(String(decoding: last, as: UTF8.self)) }
        return lines
    }
}

/// Writes whole lines to standard output (or `descriptor`), one `write(2)` per call
/// (script mode's thread only).
struct StandardOutput {
    var descriptor: Int32 = 1

    func write(lines: [String]) {
        // Byte by line, not `joined`: the first `joined` of a run cost the runtime a scan of
        // every conformance record, just as the first lines were shown.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
        }
        writeAll(descriptor, bytes)
    }
}
