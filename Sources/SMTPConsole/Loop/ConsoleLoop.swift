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

    /// Script mode: how long the event loop watches for the answer to a reply and writes
    /// it itself (``ConnectOptions/answerWindow``); nil in the interactive console.
    var answerWindow: Duration?

    /// Meta-commands released by the machine, to run where prompting is possible.
    var deferredMetaCommands: [String] = []

    /// Outputs of the events of one pass over the inbox, carried out together when it ends
    /// (nil outside such a pass: at once). So the writes of a pass go out before any of its
    /// lines are rendered: after STARTTLS, the EHLO leaves before "TLS established" and the
    /// certificate are drawn (docs/benchmarks.md, ninth round).
    var batch: [ConsoleMachine.Output]?

    /// The current connection and what belongs to it (``LoopLink``).
    var link = LoopLink()
    /// Files made for this run that outlive the command that made them (a message `/compose
    /// --bdat` streams later): removed as smtpc leaves (``removeFilesLeft()``).
    var filesLeft: [String] = []
    /// What the async work the loop waits for gave (``wait(for:)``), once it ended.
    var finishedWork: Result<any Sendable, any Error>?
    var connection: SMTPConnection? { link.connection }
    /// Why the last connect call failed, for the exit status.
    var connectFailure: (any Error)? { link.failure }
    /// The transcript, when one is written (ConsoleLoop+Transcript.swift).
    let transcript = TranscriptSink()
    /// `/send` and `/bdat`: the file, its next block, the bytes not yet written.
    let fileTransfer = FileTransfer()
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
        transcript.complain = { [unowned self] text in error(text) }
    }

    /// Removes what this run left in files: the practice server's certificate, `/compose`'s messages.
    func removeFilesLeft() {
        practice?.removeCertificateFile()
        for path in filesLeft { unlink(path) }
        filesLeft = []
    }

    /// Script mode goes on pipelined (``ConsoleMachine/pipelineFromNow()``).
    func pipelineFromNow() {
        machine.pipelineFromNow()
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
    func typed(_ lines: [String], composed: Bool = false) {
        feed { $0.typed(lines, at: .now(), composed: composed) }
    }

    /// Shows lines made outside the machine (meta-command output).
    func show(_ lines: [String]) {
        if !lines.isEmpty { display(lines) }
    }

    /// Shows one of smtpc's own errors.
    func error(_ text: String) {
        display(renderer.lines(for: .error(text)))
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
            let unwritten = fileTransfer.unwritten
            unwritten.value.add(count, ordering: .relaxed)
            let inbox = self.inbox
            connection.send(pending) { _ in
                // Written (or failed): room for the next block; wake the loop if it waits.
                if unwritten.value.subtract(count, ordering: .relaxed).newValue < FileTransfer.unwrittenLimit,
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
            case .arm(let prepared):
                arm(prepared)
            default:
                break
            }
        }
        flushWrites()
        if answerWindow != nil, let connection {
            // Lines wait for the last outstanding reply: the event loop may watch for them.
            let pending = machine.session.pending.count
            let answers = pending > 0 && !machine.heldLines.isEmpty
            connection.expectAnswer(toReply: answers ? link.repliesReceived + pending : nil)
        }
        var lines: [String] = []
        var passBytes = 0
        let width = columns?()
        for output in outputs {
            switch output {
            case .write, .startTLS, .close, .arm:
                break
            case .show(.progress(let progress)):
                if let status {
                    status(progress.finished ? nil : progress)
                    fileTransfer.statusShown = !progress.finished
                } else {
                    lines += renderer.lines(for: .progress(progress))
                }
            case .show(let event):
                if let screenBacklog {
                    let shown = fold.lines(
                        for: event, behind: screenBacklog() + passBytes, recording: transcript.isRecording, renderer: renderer,
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
                transcript.record(entry)
            case .recordBody(let bytes):
                transcript.recordBody(bytes)
            case .recordPiece(let entry, let endsLine):
                transcript.recordPiece(entry, endsLine: endsLine)
            case .addHistory(let line):
                history?(line)
            case .runMeta(let line):
                deferredMetaCommands.append(line)
            case .readFile:
                fileTransfer.wantsBlock = true
                inbox.post(.poke)
            }
        }
        if !lines.isEmpty { display(lines) }
        // However a transfer ended (refused, closed, stopped), its bar and file go.
        if !machine.isTransferring, machine.question == nil {
            fileTransfer.cancel()
            if fileTransfer.statusShown {
                fileTransfer.statusShown = false
                status?(nil)
            }
        }
    }

    private func startTLS(command: [UInt8], then: [UInt8]?) {
        guard let connection else {
            feed { $0.startTLSFinished(.failure(NotConnected()), at: .now()) }
            return
        }
        let settings = link.tlsSettings ?? configuration.tlsSettings
        let inbox = self.inbox
        let generation = link.generation
        let ahead = link.tlsAhead
        link.tlsAhead = nil
        connection.startTLS(command: command, settings: settings, ahead: ahead, then: then) { result in
            inbox.post(.startTLSFinished(result, generation: generation))
        }
    }

    /// Ends a long reply being counted instead of shown (the console is leaving): says how
    /// many of its lines were not shown.
    func endFold() {
        show(fold.end(recording: transcript.isRecording, renderer: renderer))
    }
}

/// STARTTLS with no connection to send it on.
private struct NotConnected: Error, CustomStringConvertible {
    var description: String { "not connected" }
}
