import ArgumentParser
import Glibc
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

/// The console's options, read from the command line by swift-argument-parser
/// (`ConsoleArguments`) or by the quick reading (`ConsoleOptions+QuickReading.swift`), then
/// completed by a profile, checked, and turned into the console's configuration.
///
/// Each property is set by its entry of `ConsoleOptions.table`, which declares the option
/// (names, kind, help, value name, completion, profile key) for both readings and the
/// documents.
struct ConsoleOptions: Equatable {
    /// The defaults of the options that have one besides nothing, off or empty: this value's
    /// and those the table gives the parser (and `--help` shows).
    enum Defaults {
        static let connectTimeout: Double = 30
        static let timeout: Double = 30
        static let dataTimeout: Double = 600
        static let color = "auto"
    }

    var hostArgument: String?
    var portArgument: String?
    var profile: String?
    var listProfiles: Bool = false
    var generateManual: Bool = false
    var generateReference: Bool = false
    var hostOption: String?
    var ipv4: Bool = false
    var ipv6: Bool = false
    var localAddress: String?
    var proxyURL: String?
    var proxyProtocol: String?
    var proxySource: String?
    var proxyDest: String?
    var proxyTLV: [String] = []
    var connectTimeout: Double = Defaults.connectTimeout
    var timeout: Double = Defaults.timeout
    var dataTimeout: Double = Defaults.dataTimeout
    var pipeline: Bool = false
    var color: String = Defaults.color
    var history: String?
    var noHistory: Bool = false
    var record: String?
    var append: Bool = false
    var force: Bool = false
    var timestamps: Bool = false
    var tls: Bool = false
    var starttls: Bool = false
    var dane: Bool = false
    var cafile: String?
    var insecure: Bool = false
    var servername: String?
    var sni: String?
    var noSNI: Bool = false
    var tlsMin: String?
    var tlsMax: String?
    var tlsCiphers: String?
    var cert: String?
    var key: String?
    var lmtp: Bool = false
    var unix: String?
    var mx: String?
    var dnsServer: String?
    var ehlo: String?
    var user: String?
    var passwordFile: String?
    var tokenFile: String?
    var authWithoutTLS: Bool = false
    var scenario: [String] = []
    var dkimKeys: String?
    var noHints: Bool = false
    var quiet: Bool = false
    var recordSecrets: Bool = false

    /// What the profile adds that no option holds: its `auth` mechanism and `password_command`.
    var profileMechanism: String?
    var profilePasswordCommand: String?

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
        if dnsServer != nil && host == nil && mx == nil {
            throw ValidationError(
                "--dns-server is for a server reached by name (HOST or --mx DOMAIN): --mx, --dane, /dane and /mta-sts ask it.")
        }
        if dane { try validateDANE(host: host, port: port) }
        if append && force { throw ValidationError("--append adds to a transcript and --force replaces it: give one.") }
        for name in scenario.flatMap({ $0.split(separator: ",").map(String.init) }) where Scenario(rawValue: name) == nil {
            throw ValidationError("unknown scenario '\(name)'; scenarios: \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if dkimKeys != nil && (host != nil || unix != nil || mx != nil) {
            throw ValidationError("--dkim-keys is for the practice server (no HOST); for a separate server use 'smtpc serve --dkim-keys'.")
        }
        if !scenario.isEmpty && (host != nil || unix != nil || mx != nil) {
            throw ValidationError("--scenario is for the practice server (no HOST); for a separate server use 'smtpc serve --scenario'.")
        }
        for path in [cafile, cert, key, passwordFile, tokenFile].compactMap({ $0 }) where access(path, R_OK) != 0 {
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
        if status != .success { throw status }
    }

    /// The process's environment, read from `environ`: what `ProcessInfo`'s environment
    /// gives, without setting `ProcessInfo` up first (its first use took about a tenth of a
    /// millisecond of every start; docs/benchmarks.md, ninth round). A name given twice
    /// keeps its first value, as `getenv` reads it.
    static func processEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if environment[name] == nil { environment[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return environment
    }

    /// The console's configuration from the options and the environment.
    func configuration() throws -> ConsoleConfiguration {
        let environment = Self.processEnvironment()
        var configuration = ConsoleConfiguration()
        configuration.lmtp = lmtp
        configuration.tlsMode = tls ? .implicit : starttls ? .startTLS : .none
        configuration.tlsSettings = TLSSettings(
            serverName: servername, caFile: cafile, insecure: insecure, clientCertificateFile: cert, clientKeyFile: key,
            minimumVersion: try tlsVersion(tlsMin, option: "--tls-min"), maximumVersion: try tlsVersion(tlsMax, option: "--tls-max"),
            cipherList: tlsCiphers, sni: noSNI ? .none : sni.map { .name($0) } ?? .serverName)
        configuration.dnsServer = dnsServer
        configuration.dane = dane
        configuration.compose = SendArguments.compose
        configuration.credentials = GivenCredentials(
            user: user,
            password: try passwordFile.map { try Self.firstLine(of: $0) } ?? environment["SMTPC_PASSWORD"],
            token: try tokenFile.map { try Self.firstLine(of: $0) } ?? environment["SMTPC_TOKEN"],
            passwordCommand: profilePasswordCommand, mechanism: profileMechanism)
        configuration.allowAuthWithoutTLS = authWithoutTLS
        configuration.recordSecrets = recordSecrets
        configuration.scenarios = scenario.flatMap { $0.split(separator: ",").compactMap { Scenario(rawValue: String($0)) } }
        if let dkimKeys {
            do { configuration.dkimKeys = try DKIMKeyZone(contentsOfFile: dkimKeys) } catch {
                throw ValidationError("--dkim-keys: \(error)")
            }
        }
        configuration.hints = !noHints
        configuration.quiet = quiet
        configuration.pipeline = pipeline
        configuration.helloName = ehlo
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
