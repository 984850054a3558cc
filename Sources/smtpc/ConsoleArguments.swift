import ArgumentParser
import SMTPAuth
import SMTPConsole
import SMTPProfiles
import SMTPServer
import SMTPTranscript
import SMTPTransport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The console's arguments and options as swift-argument-parser reads them: `smtpc [options]
/// HOST [PORT]` (and `smtpc replay TRANSCRIPT [HOST [PORT]] [options]`). The help, the man
/// page and the completions come from these declarations; the values go on as `options`.
struct ConsoleArguments: ParsableArguments {
    @Argument(
        help: ArgumentHelp("The server: a host name or address, HOST:PORT or [IPv6]:PORT; or @PROFILE.", valueName: "host"),
        completion: .custom { _, _, prefix in ConsoleOptions.profileCompletions(prefix: prefix, marker: "@") })
    var hostArgument: String?

    @Argument(help: ArgumentHelp("The port (default 25; 465 with --tls, 24 with --lmtp).", valueName: "port"))
    var portArgument: String?

    @Option(
        help: ArgumentHelp(
            "Use the settings of profile NAME from $XDG_CONFIG_HOME/smtpc/config.toml (also: smtpc @NAME); "
                + "options given here win.",
            valueName: "NAME"),
        completion: .custom { _, _, prefix in ConsoleOptions.profileCompletions(prefix: prefix, marker: "") })
    var profile: String?

    @Flag(name: .customLong("profiles"), help: "List the profiles of the profile file, and exit.")
    var listProfiles = false

    /// `make install` and `make deb` write smtpc(1) with it.
    @Flag(name: .customLong("generate-manual"), help: .hidden)
    var generateManual = false

    /// `make docs` writes docs/reference.md with it.
    @Flag(name: .customLong("generate-reference"), help: .hidden)
    var generateReference = false

    @Option(
        name: .customLong("host"),
        help: ArgumentHelp(
            "The server, whatever its name: --host serve is a host called serve, not the subcommand (as is smtpc -- serve).",
            valueName: "HOST"))
    var hostOption: String?

    @Flag(name: .customShort("4"), help: "Use IPv4 addresses only.")
    var ipv4 = false

    @Flag(name: .customShort("6"), help: "Use IPv6 addresses only.")
    var ipv6 = false

    @Option(
        name: .customLong("local-address"),
        help: ArgumentHelp(
            "Connect from this address of this host (servers that relay by client address); only the server's addresses "
                + "of its family are tried.",
            valueName: "ADDR[:PORT]"))
    var localAddress: String?

    @Option(
        name: .customLong("proxy"),
        help: ArgumentHelp(
            "Connect through a proxy: socks5://[USER:PASS@]HOST[:PORT] (smtpc resolves the server's name), socks5h://... "
                + "(the proxy resolves it) or http://[USER:PASS@]HOST:PORT (CONNECT). ALL_PROXY and the like are never read.",
            valueName: "URL"))
    var proxyURL: String?

    @Option(
        name: .customLong("proxy-protocol"),
        help: ArgumentHelp(
            "Send an HAProxy PROXY header (v1 text, v2 binary) before anything else, as a load balancer would.",
            valueName: "v1|v2"),
        completion: .list(["v1", "v2"]))
    var proxyProtocol: String?

    @Option(
        name: .customLong("proxy-source"),
        help: ArgumentHelp("The client address the PROXY header claims (default: the real one).", valueName: "ADDR:PORT"))
    var proxySource: String?

    @Option(
        name: .customLong("proxy-dest"),
        help: ArgumentHelp("The server address the PROXY header claims (default: the one connected to).", valueName: "ADDR:PORT"))
    var proxyDest: String?

    @Option(
        name: .customLong("proxy-tlv"),
        help: ArgumentHelp(
            "v2: add a TLV; TYPE is ALPN, AUTHORITY, CRC32C, NOOP, UNIQUE_ID, SSL, NETNS or a number, VALUE text with \\xHH "
                + "for any byte. Repeatable.",
            valueName: "TYPE=VALUE"))
    var proxyTLV: [String] = []

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds one connection attempt may take.", valueName: "SECONDS"))
    var connectTimeout: Double = ConsoleOptions.Defaults.connectTimeout

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for the greeting and (script mode) each reply; the console notes a late greeting.",
            valueName: "SECONDS"))
    var timeout: Double = ConsoleOptions.Defaults.timeout

    @Option(
        name: .customLong("data-timeout"),
        help: ArgumentHelp(
            "Script mode: seconds to wait for the reply to the end of a message (default 600, RFC 5321 §4.5.3.2).",
            valueName: "SECONDS"))
    var dataTimeout: Double = ConsoleOptions.Defaults.dataTimeout

    @Flag(
        help: ArgumentHelp(
            "Script mode: send each transaction's commands up to DATA in one write and match the replies in order "
                + "(RFC 2920; refused with status 64 when the server does not advertise PIPELINING)."))
    var pipeline = false

    @Option(
        help: ArgumentHelp("Colour replies by class: auto, always or never (NO_COLOR is honoured).", valueName: "WHEN"),
        completion: .list(["auto", "always", "never"]))
    var color: String = ConsoleOptions.Defaults.color

    @Option(help: ArgumentHelp("The history file (default: $XDG_STATE_HOME/smtpc/history).", valueName: "FILE"), completion: .file())
    var history: String?

    @Flag(name: .customLong("no-history"), help: "Keep no history file.")
    var noHistory = false

    @Option(
        help: ArgumentHelp("Write a transcript: FILE.jsonl for JSON Lines, anything else for text.", valueName: "FILE"),
        completion: .file())
    var record: String?

    @Flag(help: "Add this session to an existing --record transcript (after a new header line).")
    var append = false

    @Flag(help: "Replace an existing --record transcript.")
    var force = false

    @Flag(help: "Start each line of a text transcript with its time (UTC, milliseconds).")
    var timestamps = false

    @Flag(help: "Implicit TLS from the first byte (SMTPS; default port 465).")
    var tls = false

    @Flag(help: "EHLO, STARTTLS, TLS handshake and EHLO again before the first prompt; refuse to go on in plaintext.")
    var starttls = false

    @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file, besides the system's.", valueName: "PATH"), completion: .file())
    var cafile: String?

    @Flag(help: "Do not verify the server's certificate (the prompt says so).")
    var insecure = false

    @Option(help: ArgumentHelp("The name to check in the certificate and send in SNI (default: HOST).", valueName: "NAME"))
    var servername: String?

    @Option(
        help: ArgumentHelp(
            "Send this name in SNI instead (servers that choose their certificate by SNI); the certificate is still "
                + "checked against --servername or HOST.",
            valueName: "NAME"))
    var sni: String?

    @Flag(name: .customLong("no-sni"), help: "Send no SNI at all; the certificate is still checked against --servername or HOST.")
    var noSNI = false

    @Option(
        name: .customLong("tls-min"), help: ArgumentHelp("The lowest TLS version to offer (default 1.2).", valueName: "1.2|1.3"),
        completion: .list(["1.2", "1.3"]))
    var tlsMin: String?

    @Option(
        name: .customLong("tls-max"), help: ArgumentHelp("The highest TLS version to offer (default 1.3).", valueName: "1.2|1.3"),
        completion: .list(["1.2", "1.3"]))
    var tlsMax: String?

    @Option(
        name: .customLong("tls-ciphers"),
        help: ArgumentHelp(
            "The TLS 1.2 cipher suites to offer: IANA names (as /tls shows them) separated by colons; BoringSSL's TLS 1.3 "
                + "suites cannot be chosen.",
            valueName: "LIST"))
    var tlsCiphers: String?

    @Option(help: ArgumentHelp("A PEM client certificate to present.", valueName: "FILE"), completion: .file())
    var cert: String?

    @Option(
        help: ArgumentHelp("The PEM private key of --cert (default: read from the --cert file).", valueName: "FILE"), completion: .file())
    var key: String?

    @Flag(help: "Speak LMTP (RFC 2033): LHLO, one reply per recipient after the final dot; default port 24.")
    var lmtp = false

    @Option(help: ArgumentHelp("Connect to a unix-domain socket instead of HOST.", valueName: "PATH"), completion: .file())
    var unix: String?

    @Option(help: ArgumentHelp("Look up DOMAIN's MX records and connect to the best one that answers.", valueName: "DOMAIN"))
    var mx: String?

    @Option(
        name: .customLong("dns-server"),
        help: ArgumentHelp("The DNS server for --mx (default: /etc/resolv.conf).", valueName: "ADDR[:PORT]"))
    var dnsServer: String?

    @Option(
        help: ArgumentHelp(
            "The name --starttls sends in EHLO/LHLO (default: this machine's fully qualified domain name).", valueName: "NAME"))
    var ehlo: String?

    @Option(help: ArgumentHelp("The user name for /auth.", valueName: "USER"))
    var user: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("Read the /auth password from the first line of FILE (or set SMTPC_PASSWORD).", valueName: "FILE"),
        completion: .file())
    var passwordFile: String?

    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp("Read the XOAUTH2/OAUTHBEARER token from FILE (or set SMTPC_TOKEN).", valueName: "FILE"),
        completion: .file())
    var tokenFile: String?

    @Flag(name: .customLong("auth-without-tls"), help: "Script mode: let /auth send a password over a connection without TLS.")
    var authWithoutTLS = false

    @Option(
        help: ArgumentHelp(
            "Without HOST: make the practice server misbehave for a lesson "
                + "(\(Scenario.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.",
            valueName: "NAME"))
    var scenario: [String] = []

    @Flag(name: .customLong("no-hints"), help: "No teaching hints after replies.")
    var noHints = false

    @Flag(
        name: [.customShort("q"), .long],
        help: "Show only what the server sent (and errors): no annotations, hints, events or echoed lines.")
    var quiet = false

    @Flag(name: .customLong("record-secrets"), help: "Write credentials into the --record transcript instead of [redacted].")
    var recordSecrets = false

    /// The values read, as the rest of smtpc uses them.
    var options: ConsoleOptions {
        var options = ConsoleOptions()
        options.hostArgument = hostArgument
        options.portArgument = portArgument
        options.profile = profile
        options.listProfiles = listProfiles
        options.generateManual = generateManual
        options.generateReference = generateReference
        options.hostOption = hostOption
        options.ipv4 = ipv4
        options.ipv6 = ipv6
        options.localAddress = localAddress
        options.proxyURL = proxyURL
        options.proxyProtocol = proxyProtocol
        options.proxySource = proxySource
        options.proxyDest = proxyDest
        options.proxyTLV = proxyTLV
        options.connectTimeout = connectTimeout
        options.timeout = timeout
        options.dataTimeout = dataTimeout
        options.pipeline = pipeline
        options.color = color
        options.history = history
        options.noHistory = noHistory
        options.record = record
        options.append = append
        options.force = force
        options.timestamps = timestamps
        options.tls = tls
        options.starttls = starttls
        options.cafile = cafile
        options.insecure = insecure
        options.servername = servername
        options.sni = sni
        options.noSNI = noSNI
        options.tlsMin = tlsMin
        options.tlsMax = tlsMax
        options.tlsCiphers = tlsCiphers
        options.cert = cert
        options.key = key
        options.lmtp = lmtp
        options.unix = unix
        options.mx = mx
        options.dnsServer = dnsServer
        options.ehlo = ehlo
        options.user = user
        options.passwordFile = passwordFile
        options.tokenFile = tokenFile
        options.authWithoutTLS = authWithoutTLS
        options.scenario = scenario
        options.noHints = noHints
        options.quiet = quiet
        options.recordSecrets = recordSecrets
        return options
    }

    func validate() throws {
        try options.validate()
    }
}
