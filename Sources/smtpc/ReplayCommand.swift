import ArgumentParser
import SMTPConsole
import SMTPTranscript

/// `smtpc replay TRANSCRIPT [HOST [PORT]] [options]`: a recorded session's client side
/// sent again, each reply compared with the recording.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send a transcript's client lines to a server again and compare every reply with the recording.",
        usage: "smtpc replay TRANSCRIPT [HOST [PORT]] [options]",
        discussion: """
            The target defaults to the one in the transcript's header. The recorded STARTTLS is \
            followed with a real handshake and verification (--cafile, --servername, --insecure \
            apply), and a recorded AUTH PLAIN or LOGIN whose secret was redacted is rebuilt from \
            --user and the password (--password-file or SMTPC_PASSWORD; asked for in a terminal); \
            [redacted] is never sent. \
            Commands go out as the recording sent them: one at a time, or pipelined where the \
            recording pipelined. Each reply's code, and its enhanced code when the recording had \
            one, is compared with the recording (--text compares the whole text too); every \
            difference is printed with the meaning of both codes, then a summary.

            Exit status: 0 every reply matched the recording; 2 a reply differed, was missing or \
            was extra; 64 bad usage, or a recording that cannot be replayed as it stands (a \
            redacted AUTH without --user and password); 66 the transcript cannot be read (the \
            message names the file and line); otherwise as for the console (69 connection \
            refused, 75 timed out, 80 TLS failure …).
            """
    )

    @Argument(help: ArgumentHelp("The transcript: text, or JSON Lines when it ends in .jsonl.", valueName: "transcript"))
    var transcript: String

    @Flag(name: .customLong("text"), help: "Compare the text of each reply too, not only its codes.")
    var compareText = false

    @OptionGroup var console: ConsoleArguments

    func run() throws {
        let recorded = try TranscriptReader.readForCommand("replay", path: transcript)
        guard !recorded.sessions.isEmpty else {
            StandardError.write("smtpc replay: \(transcript) holds no session")
            throw ExitStatus.noInput
        }
        let base = try console.options.configuration()
        let targetGiven = base.target != nil
        var worst = ExitStatus.success
        for session in recorded.sessions {
            var configuration = base
            if !targetGiven {
                guard let target = session.header?.target else {
                    StandardError.write("smtpc replay: \(transcript) names no server: give HOST [PORT]")
                    throw ExitStatus.usage
                }
                configuration.target = try Self.target(from: target)
            }
            if let header = session.header {
                // The recorded STARTTLS is replayed as a line; implicit TLS is how it connected.
                if configuration.tlsMode == .none, header.tls == "tls" { configuration.tlsMode = .implicit }
                if header.lmtp { configuration.lmtp = true }
            }
            let status = Replay.run(configuration, session: session, compareText: compareText)
            if worst == .success { worst = status }
        }
        if worst != .success { throw worst }
    }

    /// A target as a transcript header records it (`host:port`, `/path`, `MX of domain port N`).
    static func target(from recorded: String) throws -> ConnectTarget {
        if recorded.hasPrefix("/") { return .unix(path: recorded) }
        if recorded.hasPrefix("MX of ") {
            let words = recorded.split(separator: " ")
            if words.count == 5, words[3] == "port", let port = Int(words[4]) { return .mx(domain: String(words[2]), port: port) }
        }
        do {
            return .host(try HostSpec(recorded, defaultPort: 25))
        } catch {
            throw ValidationError("the transcript's target \(recorded) is not usable: \(error)")
        }
    }
}

extension TranscriptReader {
    /// The transcript at `path`; a file that cannot be read or is malformed ends `smtpc
    /// COMMAND` with the reason (file and line) and its status (66, `noInput`).
    static func readForCommand(_ command: String, path: String) throws(TranscriptReadError) -> Transcript {
        do {
            return try read(path: path)
        } catch {
            StandardError.write("smtpc \(command): \(error)")
            throw error
        }
    }
}
