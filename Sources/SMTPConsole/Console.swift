import Glibc
import LineEditor
import SMTPTransport

/// The console's entry point: chooses the interactive editor or script mode.
public enum Console {
    /// Runs the console with `configuration` and returns how it ended.
    public static func run(_ configuration: ConsoleConfiguration) -> ExitStatus {
        var configuration = configuration
        let interactive = LineEditor.isTerminal
        let style = Style(
            enabled: configuration.colorMode.isEnabled(
                environment: configuration.environment, outputIsTerminal: isatty(1) == 1))
        // No host: the built-in practice server, started in this process.
        var practice: PracticeSession?
        if configuration.target == nil {
            do {
                let session = try PracticeSession.start(scenarios: configuration.scenarios)
                practice = session
                configuration.target = .host(HostSpec(host: session.server.host, port: session.server.port))
                if configuration.tlsSettings.caFile == nil { configuration.tlsSettings.caFile = session.certificateFile }
            } catch {
                StandardError.write("smtpc: cannot start the practice server: \(error)")
                return .software
            }
        }
        defer { practice?.stop() }
        if interactive {
            do {
                let console = try InteractiveConsole(configuration: configuration, style: style, practice: practice)
                if let practice { console.engine.output.write(lines: practice.announcement.map(style.event)) }
                if let failed = startRecording(console.engine, configuration) { return failed }
                return console.run(target: configuration.target)
            } catch {
                StandardError.write("smtpc: \(error)")
                return .software
            }
        }
        let runner = ScriptRunner(configuration: configuration, style: style, practice: practice)
        if let practice { runner.engine.output.write(lines: practice.announcement.map(style.event)) }
        if let failed = startRecording(runner.engine, configuration) { return failed }
        return runner.run(target: configuration.target)
    }

    /// Opens the `--record` transcript; a status when it cannot be created.
    private static func startRecording(_ engine: ConsoleEngine, _ configuration: ConsoleConfiguration) -> ExitStatus? {
        guard let path = configuration.recordPath else { return nil }
        do {
            try engine.startRecording(to: path)
            return nil
        } catch {
            StandardError.write("smtpc: \(error)")
            return .cannotCreate
        }
    }
}

extension ExitStatus {
    /// The status for a failed connection attempt.
    init(connectError error: any Error) {
        if error is TLSError {
            self = .tlsFailure
            return
        }
        if let error = error as? MXError {
            switch error.kind {
            case .unknownDomain, .invalidDomain, .noMailHost, .acceptsNoMail: self = .unknownHost
            case .timedOut: self = .timeout
            default: self = .unavailable
            }
            return
        }
        guard let error = error as? ConnectError else {
            self = .software
            return
        }
        switch error.kind {
        case .unknownHost, .noAddressInFamily: self = .unknownHost
        case .timedOut: self = .timeout
        default: self = .unavailable
        }
    }
}

/// Writes a line to standard error.
enum StandardError {
    static func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
