import Glibc
import SMTPCore
import SMTPTransport

/// `smtpc send`: one message (or `--repeat` of it) over one connection, the conversation
/// shown and annotated as in the console, then a result per recipient.
///
/// It runs the console's own machine in script mode (``ScriptRunner``): EHLO, AUTH when
/// credentials are given, then per message MAIL and RCPT (their lines decided from the EHLO
/// reply: ``MailEnvelope``), `/send` or `/bdat` of the prepared file when a recipient was
/// accepted (RSET otherwise), and QUIT. What the envelope needs and the server lacks is an
/// error before MAIL.
public enum Send {
    /// Sends `request` with the connection options of `configuration`; the status says how.
    public static func run(_ configuration: ConsoleConfiguration, request: SendRequest) -> ExitStatus {
        var configuration = configuration
        let given = configuration.credentials
        if let user = given.user, given.password == nil, given.token == nil, given.passwordCommand == nil {
            // send never prompts, whatever standard input is: a secret it lacks is an error now.
            StandardError.write(
                "smtpc send: --user \(user) needs its password (--password-file FILE or SMTPC_PASSWORD, "
                    + "or password_command in a profile) or a token (--token-file FILE or SMTPC_TOKEN)")
            return .usage
        }
        if request.report != .conversation { configuration.quiet = true }
        let style = Style(
            enabled: request.report != .json
                && configuration.colorMode.isEnabled(environment: configuration.environment, outputIsTerminal: isatty(1) == 1))
        let shown: Int32 = request.report == .json ? 2 : 1
        let runner = ScriptRunner(
            configuration: configuration, style: style, practice: nil,
            display: request.report == .quiet ? { _ in } : { StandardOutput(descriptor: shown).write(lines: $0) })
        defer { runner.loop.removeFilesLeft() }
        if let status = Console.start(runner.loop, &configuration, style: style) { return status }
        runner.configuration = configuration
        var session = SendSession(runner: runner, request: request, configuration: configuration)
        let status = session.run()
        var report = session.report
        report.exitStatus = Int(status.rawValue)
        switch request.report {
        case .json: StandardOutput(descriptor: 1).write(lines: [report.json()])
        case .conversation, .quiet:
            // --quiet showed nothing of the conversation: its error, if any, goes here.
            if request.report == .quiet, let error = report.error { StandardError.write("smtpc send: \(error)") }
            if !report.transactions.isEmpty { StandardOutput(descriptor: 1).write(lines: report.table(style: style)) }
        }
        return status
    }
}
