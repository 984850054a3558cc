import ArgumentParser
import Glibc
import SMTPConsole
import SMTPCore
import SMTPMessage

/// `smtpc send`'s own options (and `/compose`'s): the message, its envelope, DKIM, the report.
struct SendArguments: ParsableArguments {
    @Option(help: ArgumentHelp("The sender: the envelope's MAIL FROM and the From header.", valueName: "ADDR"))
    var from: String

    @Option(help: ArgumentHelp("A recipient (To header and RCPT TO); repeat for more.", valueName: "ADDR"))
    var to: [String] = []

    @Option(help: ArgumentHelp("A recipient shown in the Cc header; repeat for more.", valueName: "ADDR"))
    var cc: [String] = []

    @Option(help: ArgumentHelp("A recipient in the envelope only (never a header); repeat for more.", valueName: "ADDR"))
    var bcc: [String] = []

    @Option(help: ArgumentHelp("The Subject header.", valueName: "TEXT"))
    var subject: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("An extra header field; repeat for more.", valueName: "NAME: VALUE"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("The text part: the text itself, @FILE, or - for standard input.", valueName: "TEXT|@FILE|-"))
    var body: String?

    @Option(help: ArgumentHelp("An HTML part (multipart/alternative with the text).", valueName: "@FILE"))
    var html: String?

    @Option(
        help: ArgumentHelp(
            "Attach FILE; ;type=MIME/TYPE and ;name=NAME after it set its type (else guessed) and name. Repeatable.",
            valueName: "FILE"))
    var attach: [String] = []

    @Option(help: ArgumentHelp("An image the HTML shows as cid:NAME (NAME: the file's name); repeat for more.", valueName: "FILE"))
    var inline: [String] = []

    @Option(help: ArgumentHelp("Send this message file unchanged instead of building one.", valueName: "@FILE"))
    var message: String?

    @Option(
        name: .customLong("repeat"),
        help: ArgumentHelp("Send the message N times over the one connection (pipelined when offered).", valueName: "N"))
    var repeatCount = 1

    @Flag(help: "Send the message with BDAT (CHUNKING, RFC 3030) instead of DATA.")
    var bdat = false

    @Flag(help: "Print the result as one JSON object (docs/send-result.schema.json); the conversation goes to standard error.")
    var json = false

    @Option(help: ArgumentHelp("DSN: when to report (RFC 3461): success,failure,delay or never.", valueName: "WHEN"))
    var notify: String?

    @Option(help: ArgumentHelp("DSN: what a bounce returns: full or hdrs.", valueName: "full|hdrs"))
    var ret: String?

    @Option(help: ArgumentHelp("DSN: the envelope identifier reports quote.", valueName: "ID"))
    var envid: String?

    @Flag(help: "DSN: give each recipient's own address as its ORCPT (rfc822;ADDR).")
    var orcpt = false

    @Option(help: ArgumentHelp("SMTPUTF8 (RFC 6531): auto (when an address or header needs it), always or never.", valueName: "MODE"))
    var smtputf8: MailEnvelope.SMTPUTF8Mode = .auto

    @Flag(help: "REQUIRETLS (RFC 8689): only on a TLS session where the server advertises it.")
    var requiretls = false

    @Option(help: ArgumentHelp("Sign with DKIM (rsa-sha256 or ed25519-sha256, by the key's type).", valueName: "DOMAIN:SELECTOR:KEYFILE"))
    var dkim: String?

    @Option(name: .customLong("dkim-headers"), help: ArgumentHelp("The header fields DKIM signs, separated by colons.", valueName: "NAMES"))
    var dkimHeaders: String?

    func validate() throws {
        if to.isEmpty, cc.isEmpty, bcc.isEmpty { throw ValidationError("give at least one recipient: --to, --cc or --bcc") }
        guard (1...100_000).contains(repeatCount) else { throw ValidationError("--repeat: give a number from 1 to 100000") }
        if message != nil, body != nil || html != nil || !attach.isEmpty || !inline.isEmpty || subject != nil || !headers.isEmpty {
            throw ValidationError(
                "--message sends a file unchanged: it excludes --body, --html, --attach, --inline, --subject and --header")
        }
        if !inline.isEmpty, html == nil { throw ValidationError("--inline images are shown by the HTML part: give --html too") }
        if dkimHeaders != nil, dkim == nil { throw ValidationError("--dkim-headers needs --dkim") }
    }
}

extension MailEnvelope.SMTPUTF8Mode: ExpressibleByArgument {}
