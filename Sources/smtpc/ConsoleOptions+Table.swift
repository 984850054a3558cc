import SMTPServer

/// The console's command line, each argument and option declared once (`ConsoleOption`):
/// in the order `--help` shows them. A list searched in order, not a dictionary: the first
/// dictionary (or set) of strings costs the runtime a scan of every conformance record
/// (0.26 ms at each start, measured with perf; docs/benchmarks.md, ninth round), and sixty
/// names are read faster than that one scan. A name the parser adds (`--help`, `-h`,
/// `--version`) is not here.
extension ConsoleOptions {
    static let table: [ConsoleOption] = [
        // Where to connect, how long to wait, and what is kept of the session.
        .init(
            "hostArgument", .positional { $0.hostArgument = $1 },
            help: "The server: a host name or address, HOST:PORT or [IPv6]:PORT; or @PROFILE.", value: "host",
            completion: .profiles(marker: "@")),
        .init(
            "portArgument", .positional { $0.portArgument = $1 }, help: "The port (default 25; 465 with --tls, 24 with --lmtp).",
            value: "port"),
        .init(
            "profile", ["--profile"], .text { $0.profile = $1 },
            help: "Use the settings of profile NAME from $XDG_CONFIG_HOME/smtpc/config.toml (also: smtpc @NAME); "
                + "options given here win.",
            value: "NAME", completion: .profiles(marker: "")),
        .init("listProfiles", ["--profiles"], .flag { $0.listProfiles = $1 }, help: "List the profiles of the profile file, and exit."),
        // `make install` and `make deb` write smtpc(1) with it; `make docs` docs/reference.md.
        .init("generateManual", ["--generate-manual"], .flag { $0.generateManual = $1 }),
        .init("generateReference", ["--generate-reference"], .flag { $0.generateReference = $1 }),
        .init(
            "hostOption", ["--host"], .text { $0.hostOption = $1 },
            help: "The server, whatever its name: --host serve is a host called serve, not the subcommand (as is smtpc -- serve).",
            value: "HOST"),
        .init("ipv4", ["-4"], .flag { $0.ipv4 = $1 }, help: "Use IPv4 addresses only."),
        .init("ipv6", ["-6"], .flag { $0.ipv6 = $1 }, help: "Use IPv6 addresses only."),
        .init(
            "localAddress", ["--local-address"], .text { $0.localAddress = $1 },
            help: "Connect from this address of this host (servers that relay by client address); only the server's addresses "
                + "of its family are tried.",
            value: "ADDR[:PORT]"),
        .init(
            "proxyURL", ["--proxy"], .text { $0.proxyURL = $1 },
            help: "Connect through a proxy: socks5://[USER:PASS@]HOST[:PORT] (smtpc resolves the server's name), socks5h://... "
                + "(the proxy resolves it) or http://[USER:PASS@]HOST:PORT (CONNECT). ALL_PROXY and the like are never read.",
            value: "URL"),
        .init(
            "proxyProtocol", ["--proxy-protocol"], .text { $0.proxyProtocol = $1 },
            help: "Send an HAProxy PROXY header (v1 text, v2 binary) before anything else, as a load balancer would.",
            value: "v1|v2", completion: .words(["v1", "v2"])),
        .init(
            "proxySource", ["--proxy-source"], .text { $0.proxySource = $1 },
            help: "The client address the PROXY header claims (default: the real one).", value: "ADDR:PORT"),
        .init(
            "proxyDest", ["--proxy-dest"], .text { $0.proxyDest = $1 },
            help: "The server address the PROXY header claims (default: the one connected to).", value: "ADDR:PORT"),
        .init(
            "proxyTLV", ["--proxy-tlv"], .list { $0.proxyTLV.append($1) },
            help: "v2: add a TLV; TYPE is ALPN, AUTHORITY, CRC32C, NOOP, UNIQUE_ID, SSL, NETNS or a number, VALUE text with \\xHH "
                + "for any byte. Repeatable.",
            value: "TYPE=VALUE"),
        .init(
            "connectTimeout", ["--connect-timeout"], .number({ $0.connectTimeout = $1 }, defaultValue: Defaults.connectTimeout),
            help: "Seconds one connection attempt may take.", value: "SECONDS"),
        .init(
            "timeout", ["--timeout"], .number({ $0.timeout = $1 }, defaultValue: Defaults.timeout),
            help: "Seconds to wait for the greeting and (script mode) each reply; the console notes a late greeting.",
            value: "SECONDS"),
        .init(
            "dataTimeout", ["--data-timeout"], .number({ $0.dataTimeout = $1 }, defaultValue: Defaults.dataTimeout),
            help: "Script mode: seconds to wait for the reply to the end of a message (default 600, RFC 5321 §4.5.3.2).",
            value: "SECONDS"),
        .init(
            "pipeline", ["--pipeline"], .flag { $0.pipeline = $1 },
            help: "Script mode: send each transaction's commands up to DATA in one write and match the replies in order "
                + "(RFC 2920; refused with status 64 when the server does not advertise PIPELINING)."),
        .init(
            "color", ["--color"], .text({ $0.color = $1 }, defaultValue: Defaults.color),
            help: "Colour replies by class: auto, always or never (NO_COLOR is honoured).", value: "WHEN",
            completion: .words(["auto", "always", "never"])),
        .init(
            "history", ["--history"], .text { $0.history = $1 }, help: "The history file (default: $XDG_STATE_HOME/smtpc/history).",
            value: "FILE", completion: .file),
        .init("noHistory", ["--no-history"], .flag { $0.noHistory = $1 }, help: "Keep no history file."),
        .init(
            "record", ["--record"], .text { $0.record = $1 },
            help: "Write a transcript: FILE.jsonl for JSON Lines, anything else for text.",
            value: "FILE", completion: .file),
        .init(
            "append", ["--append"], .flag { $0.append = $1 },
            help: "Add this session to an existing --record transcript (after a new header line)."),
        .init("force", ["--force"], .flag { $0.force = $1 }, help: "Replace an existing --record transcript."),
        .init(
            "timestamps", ["--timestamps"], .flag { $0.timestamps = $1 },
            help: "Start each line of a text transcript with its time (UTC, milliseconds)."),
        // TLS, the protocol, authentication and the practice server.
        .init("tls", ["--tls"], .flag { $0.tls = $1 }, help: "Implicit TLS from the first byte (SMTPS; default port 465)."),
        .init(
            "starttls", ["--starttls"], .flag { $0.starttls = $1 },
            help: "EHLO, STARTTLS, TLS handshake and EHLO again before the first prompt; refuse to go on in plaintext."),
        .init(
            "dane", ["--dane"], .flag { $0.dane = $1 },
            help: "DANE (RFC 7672), as posttls-finger -l dane: once connected, look up the host's TLSA records at its port "
                + "(with --mx, the MX host reached; DNSSEC by --dns-server). With secure ones, STARTTLS is required and the "
                + "certificate is verified by them instead of the Web PKI, the host's name sent in SNI; a chain no usable "
                + "record matches ends the session (status 80). Without, go on as usual."),
        .init(
            "cafile", ["--cafile"], .text { $0.cafile = $1 }, help: "Trust the CA certificates in this PEM file, besides the system's.",
            value: "PATH", completion: .file, profileKey: "cafile"),
        .init("insecure", ["--insecure"], .flag { $0.insecure = $1 }, help: "Do not verify the server's certificate (the prompt says so)."),
        .init(
            "servername", ["--servername"], .text { $0.servername = $1 },
            help: "The name to check in the certificate and send in SNI (default: HOST).", value: "NAME", profileKey: "servername"),
        .init(
            "sni", ["--sni"], .text { $0.sni = $1 },
            help: "Send this name in SNI instead (servers that choose their certificate by SNI); the certificate is still "
                + "checked against --servername or HOST.",
            value: "NAME"),
        .init(
            "noSNI", ["--no-sni"], .flag { $0.noSNI = $1 },
            help: "Send no SNI at all; the certificate is still checked against --servername or HOST."),
        .init(
            "tlsMin", ["--tls-min"], .text { $0.tlsMin = $1 }, help: "The lowest TLS version to offer (default 1.2).", value: "1.2|1.3",
            completion: .words(["1.2", "1.3"])),
        .init(
            "tlsMax", ["--tls-max"], .text { $0.tlsMax = $1 }, help: "The highest TLS version to offer (default 1.3).", value: "1.2|1.3",
            completion: .words(["1.2", "1.3"])),
        .init(
            "tlsCiphers", ["--tls-ciphers"], .text { $0.tlsCiphers = $1 },
            help: "The TLS 1.2 cipher suites to offer: IANA names (as /tls shows them) separated by colons; BoringSSL's TLS 1.3 "
                + "suites cannot be chosen.",
            value: "LIST"),
        .init(
            "cert", ["--cert"], .text { $0.cert = $1 }, help: "A PEM client certificate to present.", value: "FILE", completion: .file,
            profileKey: "cert"),
        .init(
            "key", ["--key"], .text { $0.key = $1 }, help: "The PEM private key of --cert (default: read from the --cert file).",
            value: "FILE", completion: .file, profileKey: "key"),
        .init(
            "lmtp", ["--lmtp"], .flag { $0.lmtp = $1 },
            help: "Speak LMTP (RFC 2033): LHLO, one reply per recipient after the final dot; default port 24.", profileKey: "lmtp"),
        .init(
            "unix", ["--unix"], .text { $0.unix = $1 }, help: "Connect to a unix-domain socket instead of HOST.", value: "PATH",
            completion: .file),
        .init(
            "mx", ["--mx"], .text { $0.mx = $1 }, help: "Look up DOMAIN's MX records and connect to the best one that answers.",
            value: "DOMAIN"),
        .init(
            "dnsServer", ["--dns-server"], .text { $0.dnsServer = $1 },
            help: "The DNS server for --mx, --dane, /dane and /mta-sts (default: /etc/resolv.conf); a validating resolver for DANE.",
            value: "ADDR[:PORT]"),
        .init(
            "ehlo", ["--ehlo"], .text { $0.ehlo = $1 },
            help: "The name --starttls sends in EHLO/LHLO (default: this machine's fully qualified domain name).", value: "NAME",
            profileKey: "ehlo"),
        .init("user", ["--user"], .text { $0.user = $1 }, help: "The user name for /auth.", value: "USER", profileKey: "user"),
        .init(
            "passwordFile", ["--password-file"], .text { $0.passwordFile = $1 },
            help: "Read the /auth password from the first line of FILE (or set SMTPC_PASSWORD).", value: "FILE", completion: .file),
        .init(
            "tokenFile", ["--token-file"], .text { $0.tokenFile = $1 },
            help: "Read the XOAUTH2/OAUTHBEARER token from FILE (or set SMTPC_TOKEN).", value: "FILE", completion: .file),
        .init(
            "authWithoutTLS", ["--auth-without-tls"], .flag { $0.authWithoutTLS = $1 },
            help: "Script mode: let /auth send a password over a connection without TLS."),
        .init(
            "scenario", ["--scenario"], .list { $0.scenario.append($1) },
            help: "Without HOST: make the practice server misbehave for a lesson "
                + "(\(Scenario.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.",
            value: "NAME"),
        .init(
            "dkimKeys", ["--dkim-keys"], .text { $0.dkimKeys = $1 },
            help: "Without HOST: the practice server checks DKIM signatures with the keys of this zone file "
                + "(selector._domainkey.domain TXT \"v=DKIM1; …\" lines, as smtpc dkim keygen prints them); /inbox shows the verdict.",
            value: "FILE", completion: .file),
        .init("noHints", ["--no-hints"], .flag { $0.noHints = $1 }, help: "No teaching hints after replies."),
        .init(
            "quiet", ["-q", "--quiet"], .flag { $0.quiet = $1 },
            help: "Show only what the server sent (and errors): no annotations, hints, events or echoed lines."),
        .init(
            "recordSecrets", ["--record-secrets"], .flag { $0.recordSecrets = $1 },
            help: "Write credentials into the --record transcript instead of [redacted]."),
    ]
}
