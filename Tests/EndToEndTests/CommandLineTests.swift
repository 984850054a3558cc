import Foundation
import SMTPCore
import TestSupport
import Testing

/// The command line as the ecosystem expects it: `--version`, hosts named like
/// subcommands, `--quiet`, and the EHLO name `--starttls` sends.
@Suite(.serialized) struct CommandLineTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    /// Runs `executable` with `arguments`; its standard output, trimmed.
    private func output(of executable: String, _ arguments: [String]) throws -> String {
        let result = try Binary.run(executable: executable, arguments)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func versionPrintsTheNumberAndTheRevisionItWasBuiltFrom() throws {
        let result = try Binary.run(["--version"])
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("smtpc \(SmtpcVersion.number)"), "\(line)")
        // A binary built by make from a checkout names its commit (scripts/stamp-revision).
        let stamp = Binary.packageRoot.appendingPathComponent("Sources/smtpc/Stamp/Revision.swift").path
        if FileManager.default.fileExists(atPath: stamp), ProcessInfo.processInfo.environment["SMTPC_BIN"] == nil {
            #expect(line.contains(" (git "), "built from a stamped checkout: \(line)")
        }
        if let open = line.range(of: " (git ") {
            let stamped = line[open.upperBound...].prefix { $0 != ")" }
            let revision = stamped.prefix { $0.isHexDigit }
            #expect(revision.count == 12, "\(line)")
            // A clean checkout's build names HEAD; one built from changed files says "-modified"
            // (it may be a commit behind by now).
            if !stamped.hasSuffix("-modified") {
                let head = try output(of: "/usr/bin/git", ["-C", Binary.packageRoot.path, "rev-parse", "HEAD"])
                #expect(head.hasPrefix(revision), "\(line) vs \(head)")
            }
        }
    }

    @Test func aHostNamedLikeASubcommandIsReachedWithDashDashOrHost() throws {
        for arguments in [["--", env.host, String(env.smtpPort)], ["--host", env.host, String(env.smtpPort)]] {
            let result = try Binary.run(arguments, input: "QUIT\n")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("220 \(env.hostname) ESMTP"))
        }
        // The name is taken as a host, not run as the subcommand.
        for arguments in [["--connect-timeout", "3", "--", "explain"], ["--connect-timeout", "3", "--host", "explain"]] {
            let result = try Binary.run(arguments)
            #expect(result.status == 68, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect((result.stdout + result.stderr).contains("unknown host explain"))
        }
        let extra = try Binary.run(["--host", env.host, "25", "26"])
        #expect(extra.status == 64 && extra.stderr.contains("one too many"))
    }

    @Test func quietShowsOnlyWhatTheServerSent() throws {
        let result = try Binary.run(["--quiet", env.host, String(env.smtpPort)], input: "EHLO client.example\nNOOP\nQUIT\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "220 \(env.hostname) ESMTP Postfix", "\(lines)")
        #expect(lines.contains("250-PIPELINING") && lines.contains("221 2.0.0 Bye"))
        let replyLine = /^[2-5][0-9][0-9]([ -].*)?$/
        #expect(lines.allSatisfy { $0.wholeMatch(of: replyLine) != nil }, "\(lines)")
    }

    @Test func starttlsIntroducesItselfWithTheFullyQualifiedName() throws {
        let fqdn = try output(of: "/bin/hostname", ["-f"])
        let result = try Binary.run(
            ["--starttls", "--cafile", env.caFile, "--servername", env.hostname, env.host, String(env.smtpPort)], input: "QUIT\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("> EHLO \(fqdn)\n"), "\(result.stdout)")
    }
}
