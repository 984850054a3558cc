import ArgumentParser
import Dispatch
import SMTPConsole
import SMTPServer
import SMTPWeb
import SystemIO

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `smtpc serve`: the practice SMTP server on its own, logging every client's conversation.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtpc serve",
        abstract: "Run the practice SMTP server on loopback and log what clients send, annotated.",
        discussion: """
            A real SMTP server (RFC 5321) for learning and testing clients: EHLO, MAIL, RCPT, DATA, \
            BDAT, STARTTLS (a certificate from a throw-away CA, made at start), AUTH PLAIN/LOGIN/CRAM-MD5 with a \
            demo account, and more. It accepts mail for anyone and keeps it in memory or a maildir. \
            Scenarios: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")). \
            With --web, every conversation is shown live in a browser, drawn as smtpc render draws it. \
            With --classroom, a class file's students log in with AUTH, their work is kept in an SQLite \
            database, and the teacher's page (its URL printed at start) shows everyone's progress. \
            See docs/practice-server.md.

            Exit status: 0 stopped by Ctrl-C or SIGTERM; 64 bad usage; 66 the class file cannot be read; \
            70 a port cannot be bound; 73 the classroom's database cannot be opened or is not smtpc's.
            """
    )

    @Option(help: ArgumentHelp("Where to listen: a loopback ADDR:PORT, [::1]:PORT or :PORT.", valueName: "ADDR:PORT"))
    var listen = "127.0.0.1:1025"

    @Option(help: ArgumentHelp("Also write accepted messages to this maildir (tmp/ → new/).", valueName: "DIR"))
    var maildir: String?

    @Option(
        name: .customLong("scenario"),
        help: ArgumentHelp(
            "Misbehave on purpose: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")). Repeatable.", valueName: "NAME"))
    var scenarios: [String] = []

    @Option(
        name: .customLong("record-dir"),
        help: ArgumentHelp(
            "Record every conversation as a text transcript in DIR (created if missing), named by time and client.",
            valueName: "DIR"))
    var recordDirectory: String?

    @Option(
        name: .customLong("dkim-keys"),
        help: ArgumentHelp(
            "Verify DKIM with the key records in FILE: lines 'SELECTOR._domainkey.DOMAIN TXT \"v=DKIM1; …\"' "
                + "(what smtpc dkim keygen prints).", valueName: "FILE"))
    var dkimKeys: String?

    @Flag(name: .customLong("allow-plain-auth"), help: "Offer AUTH before STARTTLS too.")
    var allowPlainAuth = false

    @Flag(name: .customLong("require-auth"), help: "Refuse MAIL with 530 until the client has authenticated.")
    var requireAuth = false

    @Option(
        name: .customLong("web"),
        help: ArgumentHelp(
            "Also serve the web view: every conversation live in a browser, as smtpc render draws it "
                + "(ADDR:PORT may be left out: \(Self.defaultWebAddress)).", valueName: "ADDR:PORT"))
    var web: String?

    @Option(
        name: .customLong("classroom"),
        help: ArgumentHelp(
            "Teach a class: the accounts in FILE (class.toml) log in with AUTH, each student's conversations are kept "
                + "apart in a database, the teacher sees everyone's progress (implies --web).", valueName: "FILE"))
    var classroom: String?

    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The classroom's SQLite database (default: $XDG_DATA_HOME/smtpc/NAME.sqlite, NAME from the class file).",
            valueName: "FILE"))
    var database: String?

    @Flag(
        name: .customLong("allow-network"),
        help: "With --classroom: let --listen and --web take an address on the network, not only loopback.")
    var allowNetwork = false

    @Option(
        name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds of client silence before 421 (default 300).", valueName: "SECONDS"))
    var idleTimeout: Double?

    func validate() throws {
        _ = try makeConfiguration()
        _ = try webAddress()
    }

    /// The server configuration the options describe; a `ValidationError` for any bad value.
    func makeConfiguration() throws -> PracticeServerConfiguration {
        var configuration = PracticeServerConfiguration()
        try checkClassroomOptions()
        configuration.allowNetwork = allowNetwork
        do {
            try configuration.listen(on: listen)
        } catch {
            throw ValidationError("--listen: \(error)")
        }
        configuration.maildir = maildir
        if let dkimKeys {
            do {
                configuration.dkimKeys = try DKIMKeyZone(contentsOfFile: dkimKeys)
            } catch {
                throw ValidationError("--dkim-keys: \(error)")
            }
        }
        configuration.recordDirectory = recordDirectory
        configuration.allowPlainAuth = allowPlainAuth
        configuration.requireAuth = requireAuth
        for name in scenarios.flatMap({ $0.split(separator: ",") }) {
            guard let scenario = Scenario(rawValue: String(name)) else {
                let known = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("Unknown scenario '\(name)'. Known: \(known).")
            }
            configuration.apply(scenario)
        }
        if let idleTimeout {
            guard idleTimeout > 0 && idleTimeout <= 86_400 else {
                throw ValidationError("--idle-timeout must be between 0 and 86400 seconds.")
            }
            configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        }
        return configuration
    }

    func run() async throws {
        var configuration = try makeConfiguration()
        let output = ServerLogOutput { _ = writeAll(STDOUT_FILENO, $0) }
        let formatter = ServerLogFormatter()
        configuration.eventHandler = { event in output.write(formatter.lines(for: event)) }
        let classroom = try await openClassroom(output: output)
        if let classroom {
            configuration.observers = classroom.observers
            configuration.accountGate = classroom.gate
            configuration.requireAuth = true
        }
        let hub = classroom?.hub ?? web.map { _ in LiveHub() }
        if let hub, classroom == nil { configuration.observers.append(hub.observer) }
        let server: RunningPracticeServer
        do {
            server = try await PracticeServer.start(configuration)
        } catch {
            // Something inside smtpc failed (a port taken, a certificate not made): 70.
            StandardError.write("smtpc serve: cannot start the practice server: \(error)")
            await classroom?.close()
            throw ExitStatus.software
        }
        var lines = Self.banner(server)
        var webServer: RunningWebServer?
        if let hub {
            let running = try await startWeb(hub: hub, server: server, classroom: classroom)
            lines.insert(contentsOf: Self.webBanner(running, classroom: classroom), at: lines.count - 2)
            webServer = running
        }
        output.write(lines)
        await Self.waitForInterrupt()
        output.write(["--- stopping"])
        await webServer?.stop()
        await server.stop()
        await classroom?.close()
    }

    /// What the server prints first: where it listens, the demo account, the certificate.
    static func banner(_ server: RunningPracticeServer) -> [String] {
        let configuration = server.configuration
        let account =
            configuration.accountGate != nil
            ? "the class's (--classroom)   AUTH PLAIN, LOGIN, after STARTTLS; MAIL needs it"
            : "\(server.credentials.first.map { "\($0.user) / \($0.password)" } ?? "none")   AUTH PLAIN, LOGIN, CRAM-MD5, "
                + (configuration.allowPlainAuth ? "offered at once (--allow-plain-auth)" : "offered after STARTTLS")
        var lines = [
            "smtpc practice server listening on \(server.address) "
                + (configuration.allowNetwork ? "(on the network: --allow-network)" : "(loopback only)"),
            "  \(configuration.accountGate != nil ? "accounts      " : "demo account  ") \(account)",
        ]
        if let fingerprint = server.fingerprint {
            lines.append("  certificate    for localhost, 127.0.0.1 and ::1, signed by a throw-away CA made just now")
            lines.append("  SHA-256        \(fingerprint)")
        } else {
            lines.append("  certificate    none: STARTTLS is off")
        }
        let storage =
            configuration.maildir.map { "written to the maildir \($0) (new/) and kept in memory" }
            ?? "kept in memory (the last \(configuration.storeCapacity))"
        lines.append("  messages       \(storage)")
        let keys = configuration.dkimKeys.records.count
        lines.append(
            "  DKIM           verified on receipt; \(keys == 0 ? "no keys (--dkim-keys FILE)" : "\(keys) key record(s)"); "
                + "Authentication-Results added")
        lines.append("  size limit     \(configuration.maxMessageSize) bytes; idle timeout \(configuration.idleTimeout)")
        if let directory = configuration.recordDirectory {
            lines.append("  transcripts    every conversation in \(directory) (smtpc render or replay them)")
        }
        lines.append("  failures       RCPT TO:<550@\(AddressTrigger.domain)> and the like: see docs/practice-server.md")
        for scenario in configuration.scenarios {
            lines.append("  scenario       \(scenario.rawValue): \(scenario.summary)")
        }
        let portArgument = server.host.contains(":") ? "[\(server.host)]" : server.host
        lines.append("Try:  smtpc \(portArgument) \(server.port)    or    swaks --server \(server.address) --to you@example.org")
        lines.append("Press Ctrl-C to stop.")
        return lines
    }

    /// Returns at SIGINT or SIGTERM.
    static func waitForInterrupt() async {
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        for source in sources { source.cancel() }
    }
}
