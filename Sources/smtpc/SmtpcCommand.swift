import ArgumentParser

/// The `smtpc` command line: the console by default, and its subcommands.
@main
struct SmtpcCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtpc",
        abstract: "An interactive SMTP console: type raw SMTP, see every reply coloured and explained.",
        discussion: """
            With a HOST, smtpc connects and opens the console. Every reply is shown as received, \
            coloured by class and annotated with the meaning of its code. When standard input is \
            not a terminal, each line is sent in turn and its reply awaited (script mode).

            Exit status: 0 every reply positive; 1 a negative (4xx/5xx) reply in script mode; \
            64 bad usage; 68 unknown host; 69 connection refused or unreachable; 73 transcript \
            not writable; 74 connection \
            lost; 75 timed out; 76 malformed reply; 80 TLS failure.
            """,
        subcommands: [ConsoleCommand.self, ExplainCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}
