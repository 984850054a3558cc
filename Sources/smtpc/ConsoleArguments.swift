import ArgumentParser

/// The console's arguments and options as swift-argument-parser reads them: `smtpc [options]
/// HOST [PORT]` (and `smtpc replay TRANSCRIPT [HOST [PORT]] [options]`).
///
/// The parser finds what it reads in the stored properties of a type, so each entry of
/// `ConsoleOptions.table` has one here, named after its key and typed by its kind; its names,
/// help, default and completion come from the table (`declared(_:)`). The lines between the
/// markers are written from the table: `OptionTableTests` checks them and, when they differ,
/// prints them as they should be. The values go on as `options`, set by the table too.
struct ConsoleArguments: ParsableArguments {
    // The declarations, from `ConsoleOptions.table`: do not edit by hand.
    var hostArgument: Argument<String?> = declared("hostArgument")
    var portArgument: Argument<String?> = declared("portArgument")
    var profile: Option<String?> = declared("profile")
    var listProfiles: Flag<Bool> = declared("listProfiles")
    var generateManual: Flag<Bool> = declared("generateManual")
    var generateReference: Flag<Bool> = declared("generateReference")
    var hostOption: Option<String?> = declared("hostOption")
    var ipv4: Flag<Bool> = declared("ipv4")
    var ipv6: Flag<Bool> = declared("ipv6")
    var localAddress: Option<String?> = declared("localAddress")
    var proxyURL: Option<String?> = declared("proxyURL")
    var proxyProtocol: Option<String?> = declared("proxyProtocol")
    var proxySource: Option<String?> = declared("proxySource")
    var proxyDest: Option<String?> = declared("proxyDest")
    var proxyTLV: Option<[String]> = declared("proxyTLV")
    var connectTimeout: Option<Double> = declared("connectTimeout")
    var timeout: Option<Double> = declared("timeout")
    var dataTimeout: Option<Double> = declared("dataTimeout")
    var pipeline: Flag<Bool> = declared("pipeline")
    var color: Option<String> = declared("color")
    var history: Option<String?> = declared("history")
    var noHistory: Flag<Bool> = declared("noHistory")
    var record: Option<String?> = declared("record")
    var append: Flag<Bool> = declared("append")
    var force: Flag<Bool> = declared("force")
    var timestamps: Flag<Bool> = declared("timestamps")
    var tls: Flag<Bool> = declared("tls")
    var starttls: Flag<Bool> = declared("starttls")
    var dane: Flag<Bool> = declared("dane")
    var cafile: Option<String?> = declared("cafile")
    var insecure: Flag<Bool> = declared("insecure")
    var servername: Option<String?> = declared("servername")
    var sni: Option<String?> = declared("sni")
    var noSNI: Flag<Bool> = declared("noSNI")
    var tlsMin: Option<String?> = declared("tlsMin")
    var tlsMax: Option<String?> = declared("tlsMax")
    var tlsCiphers: Option<String?> = declared("tlsCiphers")
    var cert: Option<String?> = declared("cert")
    var key: Option<String?> = declared("key")
    var lmtp: Flag<Bool> = declared("lmtp")
    var unix: Option<String?> = declared("unix")
    var mx: Option<String?> = declared("mx")
    var dnsServer: Option<String?> = declared("dnsServer")
    var ehlo: Option<String?> = declared("ehlo")
    var user: Option<String?> = declared("user")
    var passwordFile: Option<String?> = declared("passwordFile")
    var tokenFile: Option<String?> = declared("tokenFile")
    var authWithoutTLS: Flag<Bool> = declared("authWithoutTLS")
    var scenario: Option<[String]> = declared("scenario")
    var dkimKeys: Option<String?> = declared("dkimKeys")
    var noHints: Flag<Bool> = declared("noHints")
    var quiet: Flag<Bool> = declared("quiet")
    var recordSecrets: Flag<Bool> = declared("recordSecrets")
    // End of the declarations.

    /// The values read, as the rest of smtpc uses them: each property given to the setter
    /// of its entry in the table (by reflection, as the parser reads them itself).
    var options: ConsoleOptions {
        var options = ConsoleOptions()
        for child in Mirror(reflecting: self).children {
            guard let entry = ConsoleOptions.table.first(where: { $0.key == child.label }) else { continue }
            switch entry.kind {
            case .positional(let set):
                if let value = (child.value as? Argument<String?>)?.wrappedValue { set(&options, value) }
            case .flag(let set):
                if let value = (child.value as? Flag<Bool>)?.wrappedValue { set(&options, value) }
            case .text(let set, defaultValue: nil):
                if let value = (child.value as? Option<String?>)?.wrappedValue { set(&options, value) }
            case .text(let set, defaultValue: _):
                if let value = (child.value as? Option<String>)?.wrappedValue { set(&options, value) }
            case .number(let set, defaultValue: _):
                if let value = (child.value as? Option<Double>)?.wrappedValue { set(&options, value) }
            case .list(let add):
                for value in (child.value as? Option<[String]>)?.wrappedValue ?? [] { add(&options, value) }
            }
        }
        return options
    }

    func validate() throws {
        try options.validate()
    }
}

/// The parser's declaration of each entry of the table, by its key.
extension ConsoleArguments {
    static func entry(_ key: String) -> ConsoleOption {
        guard let entry = ConsoleOptions.table.first(where: { $0.key == key }) else {
            preconditionFailure("ConsoleArguments.\(key) is not in ConsoleOptions.table")
        }
        return entry
    }

    static func declared(_ key: String) -> Argument<String?> {
        let entry = entry(key)
        return Argument(help: help(entry), completion: completion(entry))
    }

    static func declared(_ key: String) -> Flag<Bool> {
        let entry = entry(key)
        return Flag(wrappedValue: false, name: names(entry), help: help(entry))
    }

    static func declared(_ key: String) -> Option<String?> {
        let entry = entry(key)
        return Option(name: names(entry), help: help(entry), completion: completion(entry))
    }

    static func declared(_ key: String) -> Option<String> {
        let entry = entry(key)
        guard case .text(_, let defaultValue?) = entry.kind else { preconditionFailure("\(key) has no default") }
        return Option(wrappedValue: defaultValue, name: names(entry), help: help(entry), completion: completion(entry))
    }

    static func declared(_ key: String) -> Option<Double> {
        let entry = entry(key)
        guard case .number(_, let defaultValue) = entry.kind else { preconditionFailure("\(key) is not a number") }
        return Option(wrappedValue: defaultValue, name: names(entry), help: help(entry), completion: completion(entry))
    }

    static func declared(_ key: String) -> Option<[String]> {
        let entry = entry(key)
        return Option(wrappedValue: [], name: names(entry), help: help(entry), completion: completion(entry))
    }

    /// The type of the parser's declaration of `entry`, as the declarations above write it.
    static func declarationType(_ entry: ConsoleOption) -> String {
        switch entry.kind {
        case .positional: "Argument<String?>"
        case .flag: "Flag<Bool>"
        case .text(_, defaultValue: nil): "Option<String?>"
        case .text: "Option<String>"
        case .number: "Option<Double>"
        case .list: "Option<[String]>"
        }
    }

    /// The declaration of `entry`, one line as the declarations above hold it.
    static func declaration(_ entry: ConsoleOption) -> String {
        "    var \(entry.key): \(declarationType(entry)) = declared(\"\(entry.key)\")"
    }

    private static func names(_ entry: ConsoleOption) -> NameSpecification {
        NameSpecification(
            entry.names.map { name in
                name.hasPrefix("--") ? .customLong(String(name.dropFirst(2))) : .customShort(name.dropFirst().first ?? "?")
            })
    }

    private static func help(_ entry: ConsoleOption) -> ArgumentHelp {
        guard entry.isShown else { return .hidden }
        return ArgumentHelp(entry.help, valueName: entry.valueName)
    }

    private static func completion(_ entry: ConsoleOption) -> CompletionKind? {
        switch entry.completion {
        case .none: nil
        case .file: .file()
        case .words(let words): .list(words)
        case .profiles(let marker): .custom { _, _, prefix in ConsoleOptions.profileCompletions(prefix: prefix, marker: marker) }
        }
    }
}
