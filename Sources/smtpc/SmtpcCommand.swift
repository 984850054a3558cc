import ArgumentParser
import Glibc
import SMTPConsole

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The entry point: `smtpc SUBCOMMAND …` when the first argument names a subcommand,
/// otherwise the console, `smtpc [options] [HOST [PORT]]`.
///
/// The console's positional HOST would swallow a subcommand's name if both were parsed
/// by one command, so the dispatch on the first word happens here.
@main
enum Main {
    /// The subcommand typed after `smtpc`, if `name` is one. A switch, not a dictionary: the
    /// dictionary's type cost the runtime a scan of every conformance record at each start
    /// (0.17 ms; docs/benchmarks.md, ninth round).
    static func subcommand(named name: String) -> (any ParsableCommand.Type)? {
        switch name {
        case "explain": ExplainCommand.self
        case "serve": ServeCommand.self
        case "replay": ReplayCommand.self
        case "render": RenderCommand.self
        case "send": SendCommand.self
        case "dkim": DKIMCommand.self
        case "check": CheckCommand.self
        default: nil
        }
    }

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "explain", let queries = ExplainCommand.quickReading(Array(arguments.dropFirst())) {
            ExplainCommand.explain(queries)
        } else if arguments.first == "check", let request = CheckRequest.quickReading(Array(arguments.dropFirst())) {
            do {
                try await request.run()
            } catch {
                end(error, of: CheckCommand.self)
            }
        } else if let first = arguments.first, let command = subcommand(named: first) {
            let rest = Array(arguments.dropFirst())
            await run(command, first == "serve" ? ServeCommand.withWebDefault(rest) : rest)
        } else if let options = ConsoleOptions.quickReading(arguments) {
            SmtpcCommand.main(options: options)
        } else {
            await run(SmtpcCommand.self, arguments)
        }
    }

    /// Parses `arguments` as `command` and runs it, as the parser's own `main` does; an error
    /// ends smtpc through ``end(_:of:)``.
    static func run(_ command: any ParsableCommand.Type, _ arguments: [String]) async {
        do {
            if let asynchronous = command as? any AsyncParsableCommand.Type {
                var parsed = try await asynchronous.asyncParseAsRoot(arguments)
                if var parsed = parsed as? any AsyncParsableCommand { try await parsed.run() } else { try parsed.run() }
            } else {
                var parsed = try command.parseAsRoot(arguments)
                try parsed.run()
            }
        } catch {
            end(error, of: command)
        }
    }

    /// The one path from an error to smtpc's exit status. An ``ExitStatusError`` (its
    /// message already said) ends the process with its status, without the parser's error
    /// reporting (which builds its model of the command by reflection first); any other error
    /// is the parser's (usage, help, version), which reports it.
    static func end(_ error: any Error, of command: any ParsableCommand.Type) -> Never {
        if let error = error as? any ExitStatusError { Glibc.exit(error.exitStatus.rawValue) }
        command.exit(withError: error)
    }
}

/// `smtpc [options] HOST [PORT]`: the interactive console, or script mode when standard
/// input is not a terminal.
struct SmtpcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtpc",
        abstract: "An interactive SMTP console: type raw SMTP, see every reply coloured and explained.",
        usage: """
            smtpc [options] [HOST [PORT]]
            smtpc [options] --host HOST [PORT]
            smtpc [options] @PROFILE [PORT]
            smtpc --profiles
            smtpc --version
            smtpc explain CODE...
            smtpc explain --all [--format text|markdown]
            smtpc serve [--listen ADDR:PORT] [--scenario NAME] [--maildir DIR]
            smtpc replay TRANSCRIPT [HOST [PORT]] [options]
            smtpc render TRANSCRIPT [-o FILE.html|FILE.md]
            """,
        discussion: """
            HOST may be HOST:PORT, [IPv6]:PORT or a bare IPv6 address; with no HOST, smtpc \
            starts its practice server in this process and connects to it. Every reply is shown as \
            received, coloured by class and annotated with the meaning of its code. Lines typed \
            are sent with CRLF exactly as typed; lines starting with / are meta-commands \
            (/help lists them). When standard input is not a terminal, each line is sent in \
            turn and its reply awaited (script mode).

            Subcommands: explain (the meaning of reply codes; 'smtpc explain --help'), serve (the \
            practice server on its own; 'smtpc serve --help'), replay (a transcript sent again and \
            its replies compared; 'smtpc replay --help'), render (a transcript as an HTML or Markdown \
            page; 'smtpc render --help'). A host that has a subcommand's name is given as \
            'smtpc -- HOST' or 'smtpc --host HOST'.

            Exit status: 0 every reply positive; 1 a negative (4xx/5xx) reply in script mode; \
            2 a reply differed from the recording (replay); \
            64 bad usage (also --pipeline to a server without PIPELINING); 65 /send or /bdat file over the \
            server's SIZE limit (script mode); 66 transcript unreadable or malformed (replay); \
            68 unknown host; 69 connection refused or unreachable; 73 transcript cannot be created, or \
            exists without --append or --force; 74 connection lost; 75 timed out; 76 malformed reply; 80 TLS failure \
            (also --dane: no TLSA record matches, or the TLSA answer is bogus); 81 STARTTLS not offered or refused \
            (--starttls, or --dane with TLSA records); 82 to 85 the --proxy: not reached, wants or refused \
            credentials, refused the server, could not reach the server; 129 and 143 the console ended by SIGHUP or SIGTERM \
            (after leaving as at Ctrl-D).
            """,
        version: BuildInfo.versionLine
    )

    @OptionGroup var arguments: ConsoleArguments

    /// The options as read, completed by the profile and checked (by `validate()`).
    private var console = ConsoleOptions()

    /// Only the arguments come from the command line.
    private enum CodingKeys: CodingKey {
        case arguments
    }

    /// The parser wraps what `validate()` throws in an error of its own, so a status (a
    /// profile's mistake, already said) travels through it as the parser's `ExitCode`, which
    /// it ends smtpc with silently.
    mutating func validate() throws {
        do {
            console = try Self.validated(arguments.options)
        } catch let error as any ExitStatusError {
            throw ExitCode(error.exitStatus.rawValue)
        }
    }

    /// `options` completed by its profile and checked.
    static func validated(_ options: ConsoleOptions) throws -> ConsoleOptions {
        var options = options
        try options.applyProfile(environment: ConsoleOptions.processEnvironment())
        try options.validate()
        return options
    }

    /// Validates and runs a command line read without the parser (`ConsoleOptions.quickReading`):
    /// what `main(_:)` does after its parse, errors reported the same way.
    static func main(options: ConsoleOptions) {
        if !options.listProfiles && !options.generateManual && !options.generateReference {
            Console.prepare(
                tls: options.tls || options.starttls || options.dane, localName: (options.starttls || options.dane) && options.ehlo == nil)
        }
        do {
            try run(try validated(options))
        } catch {
            Main.end(error, of: self)
        }
    }

    func run() throws {
        try Self.run(console)
    }

    /// Runs the console (or lists the profiles, or writes the reference) with `console`.
    static func run(_ console: ConsoleOptions) throws {
        if console.generateManual || console.generateReference {
            switch ManualPage.generate(console.generateReference ? .markdown : .manual) {
            case .success(let page): print(page, terminator: "")
            case .failure(let error):
                StandardError.write("smtpc: cannot generate the reference: \(error)")
                throw ExitStatus.software
            }
            return
        }
        if console.listProfiles {
            let file = try ConsoleOptions.profileFile(environment: ConsoleOptions.processEnvironment())
            let width = file.profiles.map(\.name.count).max() ?? 0
            for profile in file.profiles {
                print(profile.name + String(repeating: " ", count: width - profile.name.count + 2) + profile.summary)
            }
            if file.profiles.isEmpty { print("(no profiles in \(file.path))") }
            return
        }
        try console.run()
    }
}
