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

/// The console's arguments and options: `smtpc [options] HOST [PORT]`.
struct ConsoleOptions: ParsableArguments {
    /// The defaults of the options that have one besides nothing, off or empty; the quick
    /// reading of a command line (`ConsoleOptions+QuickReading.swift`) starts from them too.
    enum Defaults {
        static let connectTimeout: Double = 30
        static let timeout: Double = 30
        static let dataTimeout: Double = 600
        static let color = "auto"
    }

    @Argument(
        help: ArgumentHelp("The server: a host name or address, HOST:PORT or [IPv6]:PORT; or @PROFILE.", valueName: "host"),
        completion: .custom { _, _, prefix in profileCompletions(prefix: prefix, marker: "@") })
    var hostArgument: String?

    @Argument(help: ArgumentHelp("The port (default 25; 465 with --tls, 24 with --lmtp).", valueName: "port"))
    var portArgument: String?

    @Option(
        help: ArgumentHelp(
            "Use the settings of profile NAME from $XDG_CONFIG_HOME/smtpc/config.toml (also: smtpc @NAME); "
                + "options given here win.",
            valueName: "NAME"),
        completion: .custom { _, _, prefix in profileCompletions(prefix: prefix, marker: "") })
    var profile: String?

    @Flag(name: .customLong("profiles"), help: "List the profiles of the profile file, and exit.")
    var listProfiles = false

    /// `make install` and `make deb` write smtpc(1) with it.
    @Flag(name: .customLong("generate-manual"), help: .hidden)
    var generateManual = false

    /// `make docs` writes docs/reference.md with it.
    @Flag(name: .customLong("generate-reference"), help: .hidden)
    var generateReference = false

    /// What the profile adds that no option holds: its `auth` mechanism and `password_command`.
    var profileMechanism: String?
    var profilePasswordCommand: String?

    @Option(
        name: .customLong("host"),
        help: ArgumentHelp(
            "The server, whatever its name: --host serve is a host called serve, not the subcommand (as is smtpc -- serve).",
            valueName: "HOST"))
    var hostOption: String?

    /// With `--mx DOMAIN` or `--unix PATH` a lone positional number is the port.
    private var host: String? {
        if let hostOption { return hostOption }
        if mx != nil || unix != nil, portArgument == nil, let hostArgument, hostArgument.allSatisfy(\.isNumber) { return nil }
        return hostArgument
    }

    /// With `--host`, the one positional argument is the port.
    private var port: String? {
        if hostOption != nil { return hostArgument }
        if mx != nil || unix != nil, portArgument == nil, let hostArgument, hostArgument.allSatisfy(\.isNumber) { return hostArgument }
        return portArgument
    }

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
    var connectTimeout: Double = Defaults.connectTimeout

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for the greeting and (script mode) each reply; the console notes a late greeting.",
            valueName: "SECONDS"))
    var timeout: Double = Defaults.timeout

    @Option(
        name: .customLong("data-timeout"),
        help: ArgumentHelp(
            "Script mode: seconds to wait for the reply to the end of a message (default 600, RFC 5321 §4.5.3.2).",
            valueName: "SECONDS"))
    var dataTimeout: Double = Defaults.dataTimeout

    @Flag(
        help: ArgumentHelp(
            "Script mode: send each transaction's commands up to DATA in one write and match the replies in order "
                + "(RFC 2920; refused with status 64 when the server does not advertise PIPELINING)."))
    var pipeline = false

    @Option(
        help: ArgumentHelp("Colour replies by class: auto, always or never (NO_COLOR is honoured).", valueName: "WHEN"),
        completion: .list(["auto", "always", "never"]))
    var color: String = Defaults.color

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

    func validate() throws {
        if ipv4 && ipv6 { throw ValidationError("-4 and -6 exclude each other.") }
        try validateTLS()
        if let localAddress, case .failure(let error) = ConnectOptions.localAddress(localAddress) {
            throw ValidationError(error.message)
        }
        if proxyProtocol != nil || proxySource != nil || proxyDest != nil || !proxyTLV.isEmpty {
            _ = try proxyHeader()
        }
        if localAddress != nil && unix != nil { throw ValidationError("--local-address is for TCP; --unix connects to a socket file.") }
        if let proxyURL {
            if case .failure(let error) = Proxy.parse(proxyURL) { throw ValidationError(error.message) }
            if unix != nil { throw ValidationError("--proxy connects over TCP; --unix connects to a socket file.") }
            if host == nil && mx == nil {
                throw ValidationError("--proxy needs a server to reach (HOST or --mx DOMAIN), not the practice server.")
            }
        }
        if hostOption != nil && portArgument != nil {
            throw ValidationError("With --host HOST, the one argument left is the PORT; '\(portArgument!)' is one too many.")
        }
        if ColorMode(rawValue: color) == nil { throw ValidationError("--color must be auto, always or never, not '\(color)'.") }
        if !(connectTimeout > 0 && connectTimeout <= 3600) {
            throw ValidationError("--connect-timeout must be between 0 and 3600 seconds.")
        }
        if !(timeout > 0 && timeout <= 86400) { throw ValidationError("--timeout must be between 0 and 86400 seconds.") }
        if !(dataTimeout > 0 && dataTimeout <= 86400) {
            throw ValidationError("--data-timeout must be between 0 and 86400 seconds.")
        }
        if noHistory && history != nil { throw ValidationError("--history and --no-history exclude each other.") }
        if tls && starttls { throw ValidationError("--tls and --starttls exclude each other.") }
        if key != nil && cert == nil { throw ValidationError("--key needs --cert.") }
        if [host != nil, unix != nil, mx != nil].filter({ $0 }).count > 1 {
            throw ValidationError("Give one of HOST, --unix PATH and --mx DOMAIN.")
        }
        if host == nil && mx == nil && port != nil { throw ValidationError("A PORT needs a HOST or --mx DOMAIN.") }
        if dnsServer != nil && mx == nil { throw ValidationError("--dns-server goes with --mx.") }
        if append && force { throw ValidationError("--append adds to a transcript and --force replaces it: give one.") }
        for name in scenario.flatMap({ $0.split(separator: ",").map(String.init) }) where Scenario(rawValue: name) == nil {
            throw ValidationError("unknown scenario '\(name)'; scenarios: \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !scenario.isEmpty && (host != nil || unix != nil || mx != nil) {
            throw ValidationError("--scenario is for the practice server (no HOST); for a separate server use 'smtpc serve --scenario'.")
        }
        for path in [cafile, cert, key, passwordFile, tokenFile].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path)
        {
            throw ValidationError("cannot read \(path)")
        }
        if let host {
            do { _ = try HostSpec(host, port: port, defaultPort: 25) } catch { throw ValidationError("\(error)") }
        }
        if mx != nil, let port {
            do { _ = try HostSpec.parsePort(port) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let status = Console.run(try configuration())
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// The console's configuration from the options and the environment.
    func configuration() throws -> ConsoleConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = ConsoleConfiguration()
        configuration.lmtp = lmtp
        configuration.tlsMode = tls ? .implicit : starttls ? .startTLS : .none
        configuration.tlsSettings = TLSSettings(
            serverName: servername, caFile: cafile, insecure: insecure, clientCertificateFile: cert, clientKeyFile: key,
            minimumVersion: try tlsVersion(tlsMin, option: "--tls-min"), maximumVersion: try tlsVersion(tlsMax, option: "--tls-max"),
            cipherList: tlsCiphers, sni: noSNI ? .none : sni.map { .name($0) } ?? .serverName)
        configuration.dnsServer = dnsServer
        configuration.credentials = GivenCredentials(
            user: user,
            password: try passwordFile.map { try Self.firstLine(of: $0) } ?? environment["SMTPC_PASSWORD"],
            token: try tokenFile.map { try Self.firstLine(of: $0) } ?? environment["SMTPC_TOKEN"],
            passwordCommand: profilePasswordCommand, mechanism: profileMechanism)
        configuration.allowAuthWithoutTLS = authWithoutTLS
        configuration.recordSecrets = recordSecrets
        configuration.scenarios = scenario.flatMap { $0.split(separator: ",").compactMap { Scenario(rawValue: String($0)) } }
        configuration.hints = !noHints
        configuration.quiet = quiet
        configuration.pipeline = pipeline
        configuration.helloName = ehlo ?? HelloName.local()
        let defaultPort = configuration.defaultPort
        if let host {
            configuration.target = .host(try HostSpec(host, port: port, defaultPort: defaultPort))
        } else if let unix {
            configuration.target = .unix(path: unix)
        } else if let mx {
            configuration.target = .mx(domain: mx, port: try port.map(HostSpec.parsePort) ?? defaultPort)
        }
        configuration.addressFamily = ipv4 ? .v4 : ipv6 ? .v6 : .any
        configuration.localAddress = try localAddress.map { try ConnectOptions.localAddress($0).get() }
        configuration.proxyHeader = try proxyHeader()
        configuration.proxy = try proxyURL.map { try Proxy.parse($0).get() }
        configuration.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        configuration.replyTimeout = .milliseconds(Int64(timeout * 1000))
        configuration.dataTimeout = .milliseconds(Int64(dataTimeout * 1000))
        configuration.colorMode = ColorMode(rawValue: color) ?? .auto
        configuration.historyPath = noHistory ? nil : (history ?? HistoryLocation.defaultPath(environment: environment))
        configuration.recordPath = record
        configuration.recordExisting = append ? .append : force ? .replace : .refuse
        configuration.recordTimestamps = timestamps
        configuration.environment = environment
        return configuration
    }

    /// The first line of a secret file, without its line ending.
    static func firstLine(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
    }
}
