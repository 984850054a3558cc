import ArgumentParser
import SMTPConsole

/// `smtpc check DOMAIN`: every MX host and address, timed, with DANE, MTA-STS and TLS-RPT.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a domain's inbound mail as a sending server would: every MX and address, timed, with DANE and MTA-STS.",
        usage: "smtpc check [--port N] [--dns-server ADDR[:PORT]] [--cafile FILE] [--json] [-o FILE] DOMAIN",
        discussion: """
            Looks up the domain's MX records (no MX: its own address; a null MX: it takes no mail) \
            and each host's addresses, each answer with its DNSSEC status as the resolver reports \
            it (AD bit: secure; SERVFAIL then data with CD: bogus). Then every address gets a \
            session at once (at most --concurrency): banner, EHLO, STARTTLS, the handshake with \
            the MX name as SNI, EHLO again, QUIT, each phase timed. DANE (RFC 7672) uses the \
            TLSA records at _PORT._tcp.MXHOST when they and the host's addresses are secure; \
            MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) records are read. Each finding is named by \
            its IANA STARTTLS result type and says what to fix.

            The table goes to standard output (--json: one JSON object instead); -o FILE also \
            writes a self-contained HTML page with a timing bar per session. While sessions are \
            pending, a progress line is kept on standard error when it is a terminal.

            Exit status: 0 every host passes every policy that applies; 2 a policy check failed \
            (or an address did not answer); 64 bad usage; 68 unknown domain; 69 no address \
            could be reached, or the DNS server could not answer; 73 the -o file cannot be \
            written; 75 the DNS server timed out.
            """
    )

    @Argument(help: ArgumentHelp("The domain whose inbound mail to check.", valueName: "DOMAIN"))
    var domain: String

    @Option(help: ArgumentHelp("The port to check; the TLSA records are looked up for it.", valueName: "N"))
    var port = 25

    @Option(
        name: .customLong("dns-server"),
        help: ArgumentHelp("The validating resolver to ask (default: the first in /etc/resolv.conf).", valueName: "ADDR[:PORT]"))
    var dnsServer: String?

    @Option(help: ArgumentHelp("Trust these CAs (PEM) for the Web PKI check instead of the system's.", valueName: "FILE"))
    var cafile: String?

    @Option(help: ArgumentHelp("The name to give with EHLO (default: this machine's name).", valueName: "NAME"))
    var ehlo: String?

    @Option(help: ArgumentHelp("The most one session may take, in seconds.", valueName: "SECONDS"))
    var timeout = 30

    @Option(help: ArgumentHelp("How many sessions run at once.", valueName: "N"))
    var concurrency = 8

    @Flag(help: "Print one JSON object (docs/check-result.schema.json) instead of the table.")
    var json = false

    @Option(
        name: .customShort("o"),
        help: ArgumentHelp("Also write the report as a self-contained HTML page, with a timing bar per session.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Colour the table: auto, always or never.", valueName: "WHEN"))
    var color: ColorMode = .auto

    func validate() throws {
        if let problem = request.problem { throw ValidationError(problem) }
    }

    func run() async throws {
        try await request.run()
    }

    /// What was asked, as the quick reader gives it too.
    var request: CheckRequest {
        CheckRequest(
            domain: domain, port: port, dnsServer: dnsServer, cafile: cafile, ehlo: ehlo, timeout: timeout,
            concurrency: concurrency, json: json, output: output, color: color)
    }
}

extension ColorMode: ExpressibleByArgument {}
