import ArgumentParser

/// The console's usual command lines read without swift-argument-parser's reflection.
///
/// The parser builds its model of `ConsoleArguments` at every start by reflecting over the
/// property wrappers, and each first check of a type against a protocol scans all of the
/// binary's ~6,400 conformance records: about 19 million instructions, almost half of a
/// whole STARTTLS session (docs/benchmarks.md, eighth round). A command line made only of
/// the options below, written the plain way, is read here instead, into the
/// `ConsoleOptions` that `ConsoleArguments` would hand over, and then validated and run by
/// the same code. Anything else — help, `--version`, completion scripts, an unknown or
/// repeated option, a missing or unusual value, `--`, more than two arguments — returns
/// `nil`, and the parser reads the line from scratch and says what it says.
///
/// `QuickReadingTests` holds this table to the parser's model (the same names, each a
/// flag, an option or a repeatable option) and compares both readings of many lines.
extension ConsoleOptions {
    /// How one option of the table sets its property (the others keep their defaults).
    enum QuickKind: Sendable {
        case flag(@Sendable (inout ConsoleOptions) -> Void)
        case text(@Sendable (inout ConsoleOptions, String) -> Void)
        case number(@Sendable (inout ConsoleOptions, Double) -> Void)
        /// Repeatable: each value is added.
        case list(@Sendable (inout ConsoleOptions, String) -> Void)

        /// Whether the option takes a value.
        var takesValue: Bool {
            if case .flag = self { return false }
            return true
        }

        /// Whether the option may be given more than once.
        var repeats: Bool {
            if case .list = self { return true }
            return false
        }
    }

    /// Every option of the console by each of its names; a name the parser adds
    /// (`--help`, `-h`, `--version`) is missing on purpose. A list searched in order, not a
    /// dictionary: the first dictionary (or set) of strings costs the runtime a scan of every
    /// conformance record (0.26 ms at each start, measured with perf; docs/benchmarks.md,
    /// ninth round), and sixty names are read faster than that one scan.
    static let quickOptions: [(name: String, kind: QuickKind)] = [
        ("--profile", .text { $0.profile = $1 }),
        ("--profiles", .flag { $0.listProfiles = true }),
        ("--generate-manual", .flag { $0.generateManual = true }),
        ("--generate-reference", .flag { $0.generateReference = true }),
        ("--host", .text { $0.hostOption = $1 }),
        ("-4", .flag { $0.ipv4 = true }),
        ("-6", .flag { $0.ipv6 = true }),
        ("--local-address", .text { $0.localAddress = $1 }),
        ("--proxy", .text { $0.proxyURL = $1 }),
        ("--proxy-protocol", .text { $0.proxyProtocol = $1 }),
        ("--proxy-source", .text { $0.proxySource = $1 }),
        ("--proxy-dest", .text { $0.proxyDest = $1 }),
        ("--proxy-tlv", .list { $0.proxyTLV.append($1) }),
        ("--connect-timeout", .number { $0.connectTimeout = $1 }),
        ("--timeout", .number { $0.timeout = $1 }),
        ("--data-timeout", .number { $0.dataTimeout = $1 }),
        ("--pipeline", .flag { $0.pipeline = true }),
        ("--color", .text { $0.color = $1 }),
        ("--history", .text { $0.history = $1 }),
        ("--no-history", .flag { $0.noHistory = true }),
        ("--record", .text { $0.record = $1 }),
        ("--append", .flag { $0.append = true }),
        ("--force", .flag { $0.force = true }),
        ("--timestamps", .flag { $0.timestamps = true }),
        ("--tls", .flag { $0.tls = true }),
        ("--starttls", .flag { $0.starttls = true }),
        ("--cafile", .text { $0.cafile = $1 }),
        ("--insecure", .flag { $0.insecure = true }),
        ("--servername", .text { $0.servername = $1 }),
        ("--sni", .text { $0.sni = $1 }),
        ("--no-sni", .flag { $0.noSNI = true }),
        ("--tls-min", .text { $0.tlsMin = $1 }),
        ("--tls-max", .text { $0.tlsMax = $1 }),
        ("--tls-ciphers", .text { $0.tlsCiphers = $1 }),
        ("--cert", .text { $0.cert = $1 }),
        ("--key", .text { $0.key = $1 }),
        ("--lmtp", .flag { $0.lmtp = true }),
        ("--unix", .text { $0.unix = $1 }),
        ("--mx", .text { $0.mx = $1 }),
        ("--dns-server", .text { $0.dnsServer = $1 }),
        ("--ehlo", .text { $0.ehlo = $1 }),
        ("--user", .text { $0.user = $1 }),
        ("--password-file", .text { $0.passwordFile = $1 }),
        ("--token-file", .text { $0.tokenFile = $1 }),
        ("--auth-without-tls", .flag { $0.authWithoutTLS = true }),
        ("--scenario", .list { $0.scenario.append($1) }),
        ("--no-hints", .flag { $0.noHints = true }),
        ("-q", .flag { $0.quiet = true }),
        ("--quiet", .flag { $0.quiet = true }),
        ("--record-secrets", .flag { $0.recordSecrets = true }),
    ]

    /// The options of `arguments` when every one of them is read the plain way: flags
    /// alone, a value after its option (`--timeout 5`) or joined to it (`--timeout=5`), at
    /// most two arguments (HOST and PORT). `nil` hands the whole line to the parser.
    static func quickReading(_ arguments: [String]) -> ConsoleOptions? {
        var options = ConsoleOptions()
        var positionals = 0
        var given: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                guard !argument.isEmpty else { return nil }
                positionals += 1
                switch positionals {
                case 1: options.hostArgument = argument
                case 2: options.portArgument = argument
                default: return nil
                }
                continue
            }
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let kind = quickOptions.first(where: { $0.name == name })?.kind, kind.takesValue || value == nil else {
                return nil
            }
            if kind.takesValue && value == nil {
                guard index < arguments.endIndex, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            // `-q` and `--quiet` are one flag, given once.
            let once = name == "-q" ? "--quiet" : name
            guard kind.repeats || !given.contains(once) else { return nil }
            given.append(once)
            switch (kind, value) {
            case (.flag(let set), _): set(&options)
            case (.text(let set), let value?): set(&options, value)
            case (.number(let set), let value?):
                guard let number = Double(argument: value) else { return nil }
                set(&options, number)
            case (.list(let add), let value?): add(&options, value)
            default: return nil
            }
        }
        return options
    }
}
