import Glibc
import LineEditor
import SMTPCore
import SMTPTransport
import SystemIO

/// The console's entry point: chooses the interactive editor or script mode.
public enum Console {
    /// Starts what the session needs on the core the start-up leaves idle, so that it is
    /// ready by the time the console connects and the greeting arrives: NIO's event loop and
    /// a rehearsed first channel, the runtime's answers about the channel handlers, the
    /// tables and renderer of replies, and this machine's name for `--starttls`'s EHLO (on a
    /// thread of its own: it waits on files). Call it as early as the command line is known.
    /// `tls`: whether the session will use TLS; `localName`: whether it will need this
    /// machine's name (``HelloName``).
    public static func prepare(tls: Bool, localName: Bool) {
        ConnectionOpener.startEventLoops()
        BackgroundThread.start {
            SMTPConnection.prepare(tls: tls)
            rehearseRendering()
        }
        if localName { HelloName.prepare() }
    }

    /// Reads and renders a greeting as the session's first reply will be, so that the
    /// one-time work of the parser, the code tables and the renderer (the runtime's first
    /// answers about their types among it) is done off the main thread.
    static func rehearseRendering() {
        var parser = ReplyParser()
        // Fed as the connection feeds it (raw bytes): the generic `feed` would cost the
        // runtime a first question that the session itself never asks.
        let events = Array("220 2.0.0 rehearsal\r\n".utf8).withUnsafeBytes { parser.feed($0) }
        for case .reply(let reply) in events {
            let shown = ReplyDisplay(
                reply: reply, context: .greeting, elapsedMilliseconds: 0, answering: nil,
                hintSession: SessionSnapshot(SessionMachine()))
            let renderer = ConsoleRenderer(style: Style(enabled: false), isTerminal: false)
            _ = renderer.lines(for: .reply(shown))
        }
    }

    /// Runs the console with `configuration` and returns how it ended.
    public static func run(_ configuration: ConsoleConfiguration) -> ExitStatus {
        var configuration = configuration
        let interactive = LineEditor.isTerminal
        let style = Style(
            enabled: configuration.colorMode.isEnabled(
                environment: configuration.environment, outputIsTerminal: isatty(1) == 1))
        if interactive {
            do {
                let console = try InteractiveConsole(configuration: configuration, style: style, practice: nil)
                defer { console.loop.removeFilesLeft() }
                return start(console.loop, &configuration, style: style) ?? console.run(target: configuration.target)
            } catch {
                StandardError.write("smtpc: \(error)")
                return ExitStatus(for: error)
            }
        }
        let runner = ScriptRunner(configuration: configuration, style: style, practice: nil)
        defer { runner.loop.removeFilesLeft() }
        return start(runner.loop, &configuration, style: style) ?? runner.run(target: configuration.target)
    }

    /// With no host, starts the built-in practice server in this process (its CA trusted
    /// for STARTTLS) and points the configuration at it; then opens the `--record`
    /// transcript. A status when either failed.
    static func start(_ loop: ConsoleLoop, _ configuration: inout ConsoleConfiguration, style: Style) -> ExitStatus? {
        if configuration.target == nil {
            let (scenarios, keys) = (configuration.scenarios, configuration.dkimKeys)
            switch loop.wait(for: { try await PracticeSession.start(scenarios: scenarios, dkimKeys: keys) }) {
            case .success(let session):
                loop.practice = session
                configuration.target = .host(HostSpec(host: session.server.host, port: session.server.port))
                if configuration.tlsSettings.caFile == nil { configuration.tlsSettings.caFile = session.certificateFile }
                loop.configuration = configuration
                if !configuration.quiet { loop.show(session.announcement.map(style.event)) }
            case .failure(let error):
                StandardError.write("smtpc: cannot start the practice server: \(error)")
                return ExitStatus(for: error)
            }
        }
        guard let path = configuration.recordPath else { return nil }
        do {
            try loop.startRecording(to: path, existing: configuration.recordExisting)
            return nil
        } catch {
            StandardError.write("smtpc: \(error)")
            return ExitStatus(for: error)
        }
    }
}

/// Writes a line to standard error.
public enum StandardError {
    public static func write(_ line: String) {
        writeAll(2, line + "\n")
    }
}
