import ArgumentParser
import Foundation
import SMTPConsole
import SMTPTransport

/// The console's arguments and options: `smtpc [options] HOST [PORT]`.
struct ConsoleOptions: ParsableArguments {
    @Argument(help: "The server: a host name or address, HOST:PORT or [IPv6]:PORT.")
    var host: String?

    @Argument(help: "The port (default 25).")
    var port: String?

    @Flag(name: .customShort("4"), help: "Use IPv4 addresses only.")
    var ipv4 = false

    @Flag(name: .customShort("6"), help: "Use IPv6 addresses only.")
    var ipv6 = false

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds one connection attempt may take.", valueName: "SECONDS"))
    var connectTimeout: Double = 30

    @Option(help: ArgumentHelp("Script mode: seconds to wait for each reply.", valueName: "SECONDS"))
    var timeout: Double = 30

    @Option(help: ArgumentHelp("Colour replies by class: auto, always or never (NO_COLOR is honoured).", valueName: "WHEN"))
    var color: String = "auto"

    @Option(help: ArgumentHelp("The history file (default: $XDG_STATE_HOME/smtpc/history).", valueName: "FILE"))
    var history: String?

    @Flag(name: .customLong("no-history"), help: "Keep no history file.")
    var noHistory = false

    @Option(help: ArgumentHelp("Write a transcript: FILE.jsonl for JSON Lines, anything else for text.", valueName: "FILE"))
    var record: String?

    func validate() throws {
        if ipv4 && ipv6 { throw ValidationError("-4 and -6 exclude each other.") }
        if ColorMode(rawValue: color) == nil { throw ValidationError("--color must be auto, always or never, not '\(color)'.") }
        if !(connectTimeout > 0 && connectTimeout <= 3600) { throw ValidationError("--connect-timeout must be between 0 and 3600 seconds.") }
        if !(timeout > 0 && timeout <= 86400) { throw ValidationError("--timeout must be between 0 and 86400 seconds.") }
        if noHistory && history != nil { throw ValidationError("--history and --no-history exclude each other.") }
        if host == nil && port != nil { throw ValidationError("A PORT needs a HOST.") }
        if let host {
            do { _ = try HostSpec(host, port: port, defaultPort: 25) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = ConsoleConfiguration()
        configuration.target = try host.map { try HostSpec($0, port: port, defaultPort: 25) }
        configuration.addressFamily = ipv4 ? .v4 : ipv6 ? .v6 : .any
        configuration.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        configuration.replyTimeout = .milliseconds(Int64(timeout * 1000))
        configuration.colorMode = ColorMode(rawValue: color) ?? .auto
        configuration.historyPath = noHistory ? nil : (history ?? HistoryLocation.defaultPath(environment: environment))
        configuration.recordPath = record
        configuration.environment = environment
        let status = Console.run(configuration)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
