import ArgumentParser
import Glibc
import SMTPConsole
import SMTPCore
import SMTPMessage

/// `smtpc send [options] HOST [PORT] --from A --to B …`: one proper message, built (MIME,
/// DKIM) or given, its envelope with DSN, SMTPUTF8 and REQUIRETLS, and a result per recipient.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one message: built from the options (MIME, DKIM) or given, with a result per recipient.",
        usage: "smtpc send [options] [HOST [PORT]] --from ADDR --to ADDR [--to ADDR …]",
        discussion: """
            Connects as the console does (every connection option applies: --starttls, --tls, \
            --user, --proxy, a @PROFILE), says EHLO, authenticates when credentials are given, \
            and sends the message: MAIL, RCPT for each recipient, DATA (or BDAT with --bdat), \
            QUIT. The conversation is shown and annotated as in the console (--quiet: only the \
            result); then a table gives each recipient's reply and the queue ID. With no HOST, the built-in practice server \
            receives the message. Parameters the server did not advertise (SMTPUTF8, DSN, \
            REQUIRETLS) are an error before MAIL, and nothing is sent. It never prompts when \
            standard input is not a terminal.

            Exit status: 0 every recipient accepted and the message taken; 3 some recipients \
            refused, the message taken for the others; 1 the message refused (or every \
            recipient); 86 an extension the message needs was not advertised; 64 bad usage; \
            66 a file cannot be read; otherwise as for the console (69, 75, 80 …).
            """
    )

    @OptionGroup(title: "Message") var message: SendArguments
    @OptionGroup var console: ConsoleArguments

    func run() throws {
        let configuration = try console.options.configuration()
        let request = try message.request(quiet: configuration.quiet)
        let status = Send.run(configuration, request: request)
        if status != .success { throw status }
    }
}
