import Glibc
import SMTPCheck
import SMTPConsole
import SMTPCore
import SMTPTransport
import SystemIO

/// `smtpc check`'s options as plain values: filled by the parser (``CheckCommand``), or by
/// ``quickReading(_:)`` for the usual command lines, which skips the parser's reflection
/// (1.3 ms of a 10 ms check by perf; docs/benchmarks.md).
struct CheckRequest: Equatable {
    var domain = ""
    var port = 25
    var dnsServer: String?
    var cafile: String?
    var ehlo: String?
    var timeout = 30
    var concurrency = 8
    var json = false
    var output: String?
    var color = ColorMode.auto

    /// The options that take a value, as `--help` lists them; a test checks them against
    /// the parser's (`smtpc check --experimental-dump-help`).
    static let valued = ["--port", "--dns-server", "--cafile", "--ehlo", "--timeout", "--concurrency", "-o", "--color"]
    /// The flags.
    static let flags = ["--json"]

    /// What is wrong with the values, in the words of `--help`; nil when nothing is.
    var problem: String? {
        if !(1...65535).contains(port) { return "--port \(port): give 1 to 65535" }
        if !(1...3600).contains(timeout) { return "--timeout \(timeout): give 1 to 3600 seconds" }
        if !(1...64).contains(concurrency) { return "--concurrency \(concurrency): give 1 to 64" }
        return nil
    }

    /// The request for `arguments` (after `check`) when they are options of the usual forms
    /// (`--name VALUE`, `--name=VALUE`, flags) and one DOMAIN, all valid; nil for anything
    /// else (help, an unknown option, a bad value), which the parser then reads and reports.
    static func quickReading(_ arguments: [String]) -> CheckRequest? {
        var request = CheckRequest()
        var domains: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                domains.append(argument)
                continue
            }
            if flags.contains(argument) {
                request.json = true
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard valued.contains(name) else { return nil }
            if value == nil {
                guard index < arguments.endIndex, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            guard let value, request.set(name, value) else { return nil }
        }
        guard domains.count == 1 else { return nil }
        request.domain = domains[0]
        return request.problem == nil ? request : nil
    }

    /// Sets option `name` from its text; false when the text is not a value of its kind.
    private mutating func set(_ name: String, _ value: String) -> Bool {
        switch name {
        case "--port": return Int(value).map { port = $0 } != nil
        case "--timeout": return Int(value).map { timeout = $0 } != nil
        case "--concurrency": return Int(value).map { concurrency = $0 } != nil
        case "--color": return ColorMode(rawValue: value).map { color = $0 } != nil
        case "--dns-server": dnsServer = value
        case "--cafile": cafile = value
        case "--ehlo": ehlo = value
        case "-o": output = value
        default: return false
        }
        return true
    }

    /// Runs the check and prints the report; the result's status is thrown (``ExitStatus``).
    func run() async throws {
        // The machine's name (files, perhaps DNS) is worked out while the MX hosts are looked up.
        if ehlo == nil { HelloName.prepare() }
        let resolver: MXResolver
        do {
            resolver = try MXResolver(dnsServer: dnsServer, dnssec: true)
        } catch {
            StandardError.write("smtpc check: \(error.message)")
            throw error
        }
        let check = DomainCheck(
            domain: domain, port: port, resolver: resolver, helloName: { [ehlo] in ehlo ?? HelloName.local() },
            caFile: cafile, timeout: .seconds(timeout), concurrency: concurrency,
            fetchPolicy: { [cafile, timeout] in
                await MTASTSFetch(resolver: resolver, caFile: cafile, timeout: .seconds(timeout)).policy(for: $0)
            })
        let progress = CheckProgress(enabled: !json && isatty(2) == 1)
        let report: DomainReport
        do throws(MXError) {
            report = try await check.run(progress: progress.update)
        } catch {
            progress.clear()
            StandardError.write("smtpc check: \(VisibleText.escape(error.message))")
            throw error
        }
        progress.clear()
        if json {
            print(CheckJSON.encode(report))
        } else {
            let terminal = isatty(1) == 1
            let style = Style(enabled: color.isEnabled(environment: ConsoleOptions.processEnvironment(), outputIsTerminal: terminal))
            for line in CheckTable(report: report, style: style).lines { print(line) }
        }
        if let output { try PageOutput.write(CheckPage(report: report).text, to: output, command: "smtpc check") }
        if !report.passed { throw report.reachedAny ? ExitStatus.checkFailed : ExitStatus.unavailable }
    }
}
