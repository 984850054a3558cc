import Glibc
import SMTPCore
import Synchronization

/// Script mode: standard input is not a terminal, so each line is sent in turn and its
/// reply awaited (with a timeout) and printed. Body lines after a 354 are sent without
/// waiting, up to the lone `.`. Meta-commands work as in the console.
final class ScriptRunner {
    let engine: ConsoleEngine
    let configuration: ConsoleConfiguration
    let style: Style

    init(configuration: ConsoleConfiguration, style: Style, practice: PracticeSession?) {
        self.configuration = configuration
        self.style = style
        engine = ConsoleEngine(configuration: configuration, style: style, output: StandardOutput(), practice: practice)
    }

    /// Runs the script from standard input; the status says how it went.
    func run(target: ConnectTarget?) -> ExitStatus {
        if let target {
            if let error = engine.connect(to: target) { return ExitStatus(connectError: error) }
            guard engine.waitForGreeting(timeout: configuration.replyTimeout) else {
                return timedOut(waitingFor: "the greeting")
            }
            if configuration.tlsMode == .startTLS, let failed = engine.startTLSBeforePrompt() {
                return failed
            }
        }
        let context = MetaContext(
            engine: engine,
            credentials: ScriptCredentials(allowWithoutTLS: configuration.allowAuthWithoutTLS, output: engine.output, style: style))
        while let raw = Swift.readLine(strippingNewline: true) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            let snapshot = engine.snapshot
            if MetaCommands.isMetaCommand(line, in: snapshot.machine.inputMode) {
                engine.output.write(style.annotation("> ") + line)
                if MetaCommands.run(line, context: context) == .quit { break }
                // `/raw` may have sent complete commands: wait for their replies like typed ones.
                guard engine.waitForReplies(timeout: configuration.replyTimeout) else {
                    return timedOut(waitingFor: "the reply to \(VisibleText.escape(line))")
                }
                continue
            }
            guard snapshot.isConnected else {
                engine.output.write(style.error("smtpc: not connected; not sent: \(VisibleText.escape(line))"))
                return snapshot.lostUnexpectedly ? .connectionLost : .unavailable
            }
            let echo = Redaction.echo(of: line, in: snapshot.machine.inputMode)
            engine.output.write(style.annotation("> ") + echo)
            if engine.type(line).tlsFailed { return .tlsFailure }
            if engine.snapshot.machine.inputMode == .dataBody { continue }
            guard engine.waitForReplies(timeout: configuration.replyTimeout) else {
                return timedOut(waitingFor: "the reply to \(echo)")
            }
        }
        if engine.snapshot.isConnected, engine.snapshot.machine.inputMode == .dataBody {
            engine.output.write(style.warning("smtpc: the script ended inside a DATA body (no lone . line)"))
        }
        engine.disconnect()
        let end = engine.snapshot
        if end.malformedReplies > 0 { return .protocolError }
        if end.lostUnexpectedly { return .connectionLost }
        return end.negativeReplies > 0 ? .negativeReply : .success
    }

    private func timedOut(waitingFor what: String) -> ExitStatus {
        let seconds = Clock.milliseconds(of: configuration.replyTimeout) / 1000
        engine.output.write(style.error("smtpc: timed out after \(seconds) s waiting for \(what)"))
        engine.disconnect()
        return .timeout
    }
}

/// Writes whole lines to standard output, one `write(2)` per call, from any thread.
struct StandardOutput: ConsoleOutput {
    private static let lock = Mutex(())

    func write(lines: [String]) {
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        StandardOutput.lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
