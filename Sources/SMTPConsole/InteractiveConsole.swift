import Glibc
import LineEditor
import SMTPCore

/// The console on a terminal: a libedit prompt over the console loop.
///
/// This thread owns the terminal and runs the machine: network events wake the editor's
/// `poll` through the loop's inbox and are handled between keystrokes; what they show is
/// printed above the prompt, with the half-typed line redrawn.
final class InteractiveConsole {
    let editor: LineEditor
    let loop: ConsoleLoop
    let style: Style
    /// Text typed when a read ended early (a meta-command to run), typed again for the user.
    private var carriedOver = ""

    init(configuration: ConsoleConfiguration, style: Style, practice: PracticeSession?) throws {
        let editor = try LineEditor(
            configuration: LineEditorConfiguration(
                programName: "smtpc", historyFile: configuration.historyPath, historyLimit: 1000, readsEditrc: true))
        self.editor = editor
        self.style = style
        if let note = editor.historyNote { editor.print(style.warning("smtpc: " + note)) }
        let renderer = ConsoleRenderer(style: style, isTerminal: true, quiet: configuration.quiet)
        loop = ConsoleLoop(
            configuration: configuration, pacing: .interactive, renderer: renderer, practice: practice,
            display: { lines in editor.output.print(lines.joined(separator: "\n")) })
        let loop = self.loop
        loop.history = { line in editor.addHistory(line) }
        loop.columns = { editor.columns }
        loop.screenBacklog = { editor.output.pendingByteCount }
        loop.status = { progress in
            editor.setStatus(progress.flatMap { renderer.statusLine(for: $0, columns: editor.columns - 1) })
        }
        editor.completer = { before in Completer.complete(before, machine: loop.machine) }
        editor.promptProvider = {
            loop.machine.questionText.map(style.warning) ?? Prompt.text(for: loop.machine, style: style)
        }
        editor.eventSource = EventSource(descriptor: loop.inbox.descriptor) {
            loop.drainInbox()
            // Meta-commands may prompt, the answer to a 334 is read without echo, and a
            // question needs its own prompt: each of these ends the read.
            return !loop.deferredMetaCommands.isEmpty || loop.machine.session.inputMode == .authResponse
                || loop.machine.question != nil
        }
    }

    /// Runs until /quit or Ctrl-D.
    func run(target: ConnectTarget?) -> ExitStatus {
        if let target {
            if let failed = connectAtStart(target) { return failed }
        } else {
            editor.print(style.hint("Not connected. Use /connect HOST [PORT]; /help lists the meta-commands."))
        }
        let context = MetaContext(
            loop: loop, credentials: TerminalCredentials(editor: editor), interrupt: editor.signalDescriptor)
        while true {
            if runDeferredMetaCommands(context) == .quit { break }
            let machine = loop.machine
            let prompt = machine.questionText.map(style.warning) ?? Prompt.text(for: machine, style: style)
            // The answer to a 334 challenge is a credential: read without echo.
            let secret = machine.question == nil && machine.session.inputMode == .authResponse
            // Text carried over from a read that ended early waits for the next visible prompt.
            let initial = secret ? "" : carriedOver
            if !secret { carriedOver = "" }
            let result = secret ? editor.readSecret(prompt: prompt) : editor.readLine(prompt: prompt, initial: initial)
            switch result {
            case .line(let line):
                if machine.question == nil, MetaCommands.isMetaCommand(line, in: machine.session.inputMode),
                    MetaCommands.name(of: line) == "quit"
                {
                    // /quit is never held behind anything: held lines are dropped.
                    editor.addHistory(line)
                    quit()
                    return .success
                }
                if MetaCommands.isMetaCommand(line, in: machine.session.inputMode), machine.question == nil,
                    MetaCommands.belongsInHistory(line)
                {
                    editor.addHistory(line)
                }
                loop.typed([line])
                // An AUTH line may be answered by a 334 challenge, whose answer must be read
                // without echo: wait for that reply before prompting again.
                if secret || (machine.session.inputMode == .command && SMTPVerb(leniently: line) == .auth) {
                    _ = loop.pump(
                        until: { $0.session.pending.isEmpty || !$0.isConnected }, timeout: .seconds(5),
                        interrupt: editor.signalDescriptor)
                }
            case .woken(let partial):
                carriedOver += partial
            case .interrupted:
                if loop.machine.isTransferring {
                    loop.feed { $0.interruptedDuringTransfer() }
                } else {
                    loop.feed { $0.interruptedWhileWaiting() }
                }
            case .endOfFile:
                quit()
                // SIGHUP or SIGTERM end the console as Ctrl-D does, with the shell's status.
                switch editor.terminationSignal {
                case SIGHUP?: return .hangup
                case SIGTERM?: return .terminated
                default: return .success
                }
            }
        }
        return .success
    }

    /// Connects before the first prompt and shows the banner (waiting a few seconds for
    /// it); with `--starttls` (or `--dane` and TLSA records), also EHLO, STARTTLS and EHLO
    /// again. A status when it failed.
    private func connectAtStart(_ target: ConnectTarget) -> ExitStatus? {
        loop.connect(to: target, prelude: loop.configuration.armsPrelude)
        let connected = loop.pump(until: { !$0.isConnecting }, interrupt: editor.signalDescriptor)
        guard connected == .done, loop.machine.isConnected || loop.machine.session.isClosed else {
            return loop.connectFailure.map { ExitStatus(for: $0) } ?? .unavailable
        }
        // A server that delays its greeting (tarpitting) still gets a prompt within a
        // second, so /quit and Ctrl-D work at once; the banner then arrives above it, and
        // after --timeout a note says it is late.
        _ = loop.pump(
            until: { $0.session.greeting != .awaited || !$0.isConnected }, timeout: .seconds(1),
            interrupt: editor.signalDescriptor)
        return loop.runConnectionPolicies(interrupt: editor.signalDescriptor)
    }

    /// Runs the meta-commands the machine released; `.quit` when one of them was /quit.
    private func runDeferredMetaCommands(_ context: MetaContext) -> MetaResult {
        while !loop.deferredMetaCommands.isEmpty {
            let line = loop.deferredMetaCommands.removeFirst()
            let result = MetaCommands.run(line, context: context)
            loop.feed { $0.metaCommandFinished(at: .now()) }
            if result == .quit { return .quit }
        }
        return .proceed
    }

    /// QUIT when it can be sent, half a second at most for the 221 and the close, then closed.
    private func quit() {
        loop.quit(interrupt: editor.signalDescriptor)
    }
}

/// The prompt: where the console is connected and in which state.
///
/// `mx.example.com:25 TLS AUTH> `, `mx.example.com:25 DATA> ` after 354,
/// `(disconnected)> ` without a connection.
enum Prompt {
    static func text(for machine: ConsoleMachine, style: Style) -> String {
        guard machine.isConnected, let target = machine.target else {
            return style.error("(disconnected)") + "> "
        }
        var parts = [target.description]
        if let tls = machine.tls, machine.session.isTLSActive {
            parts.append(tls.isVerified ? style.reply("TLS", code: 200) : style.reply("TLS(insecure)", code: 400))
        }
        if machine.session.isAuthenticated { parts.append(style.reply("AUTH", code: 200)) }
        switch machine.session.inputMode {
        case .dataBody: parts.append(style.reply("DATA", code: 354))
        case .authResponse: parts.append(style.reply("334", code: 334))
        case .command: break
        }
        if machine.isTransferring { parts.append(style.hint("sending")) }
        return parts.joined(separator: " ") + "> "
    }
}
