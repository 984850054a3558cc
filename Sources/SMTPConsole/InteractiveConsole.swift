import LineEditor
import SMTPCore

/// The console on a terminal: a libedit prompt over the engine.
///
/// This thread owns the terminal; replies from the network are handed to the editor's
/// output queue and printed above the prompt, with the half-typed line redrawn.
final class InteractiveConsole {
    let editor: LineEditor
    let engine: ConsoleEngine
    let style: Style

    init(configuration: ConsoleConfiguration, style: Style, practice: PracticeSession?) throws {
        editor = try LineEditor(
            configuration: LineEditorConfiguration(
                programName: "smtpc", historyFile: configuration.historyPath, historyLimit: 1000, readsEditrc: true))
        self.style = style
        engine = ConsoleEngine(
            configuration: configuration, style: style, output: EditorOutput(output: editor.output), practice: practice)
        let engine = self.engine
        editor.completer = { before in Completer.complete(before, snapshot: engine.snapshot) }
        editor.promptProvider = { Prompt.text(for: engine.snapshot, style: style) }
    }

    /// Runs until /quit or Ctrl-D.
    func run(target: ConnectTarget?) -> ExitStatus {
        if let target {
            if let error = engine.connect(to: target) {
                return ExitStatus(connectError: error)
            }
            // Show the banner before the first prompt; a server that delays its greeting
            // (tarpitting) still gets a prompt after a few seconds, the banner then arrives above it.
            _ = engine.waitForGreeting(timeout: .seconds(5))
            if engine.configuration.tlsMode == .startTLS, let failed = engine.startTLSBeforePrompt() {
                return failed
            }
        } else {
            editor.print(style.hint("Not connected. Use /connect HOST [PORT]; /help lists the meta-commands."))
        }
        let context = MetaContext(engine: engine, credentials: TerminalCredentials(editor: editor))
        loop: while true {
            let snapshot = engine.snapshot
            let prompt = Prompt.text(for: snapshot, style: style)
            // The answer to a 334 challenge is a credential: read without echo.
            let secret = snapshot.machine.inputMode == .authResponse
            switch secret ? editor.readSecret(prompt: prompt) : editor.readLine(prompt: prompt) {
            case .line(let line):
                if MetaCommands.isMetaCommand(line, in: snapshot.machine.inputMode) {
                    if MetaCommands.belongsInHistory(line) { editor.addHistory(line) }
                    if MetaCommands.run(line, context: context) == .quit { break loop }
                    continue
                }
                let typed = engine.type(line)
                if typed.belongsInHistory { editor.addHistory(line) }
                // An AUTH line may be answered by a 334 challenge, whose answer must be read
                // without echo: wait for that reply before prompting again.
                if secret || SMTPVerb(line: line) == .auth {
                    _ = engine.waitForReplies(timeout: .seconds(5))
                }
            case .interrupted:
                continue
            case .endOfFile:
                engine.quit()
                break loop
            }
        }
        return .success
    }
}

/// Hands console output to the line editor's thread-safe queue.
struct EditorOutput: ConsoleOutput {
    let output: TerminalOutput
    func write(lines: [String]) {
        output.print(lines.joined(separator: "\n"))
    }
}

/// The prompt: where the console is connected and in which state.
///
/// `mx.example.com:25 TLS AUTH> `, `mx.example.com:25 DATA> ` after 354,
/// `(disconnected)> ` without a connection.
enum Prompt {
    static func text(for snapshot: ConsoleEngine.Snapshot, style: Style) -> String {
        guard snapshot.isConnected, let target = snapshot.target else {
            return style.error("(disconnected)") + "> "
        }
        var parts = [target.description]
        if let tls = snapshot.tls, snapshot.machine.isTLSActive {
            parts.append(tls.isVerified ? style.reply("TLS", code: 200) : style.reply("TLS(insecure)", code: 400))
        }
        if snapshot.machine.isAuthenticated { parts.append(style.reply("AUTH", code: 200)) }
        switch snapshot.machine.inputMode {
        case .dataBody: parts.append(style.reply("DATA", code: 354))
        case .authResponse: parts.append(style.reply("334", code: 334))
        case .command: break
        }
        return parts.joined(separator: " ") + "> "
    }
}
