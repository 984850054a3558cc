import Foundation
import TestSupport
import Testing

/// Hints after replies a learner may not understand, `/state` and the guided tour, against
/// the real Postfix from `make test` and the practice server.
@Suite(.serialized) struct TeachingTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    @Test func rcptWithoutMailGetsAHintThatNeverHidesTheServersText() throws {
        let script = "EHLO client.example\nRCPT TO:<\(env.user)>\nQUIT\n"
        let result = try Binary.run([env.host, String(env.smtpPort)], input: script)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let reply = try #require(lines.firstIndex { $0.hasPrefix("503 5.5.1 Error: need MAIL command") }, "\(result.stdout)")
        #expect(lines[reply + 1].hasPrefix("  # 503 "))
        #expect(lines[reply + 2].hasPrefix("  hint: "))
        #expect(lines[reply + 2].contains("MAIL FROM"))
        #expect(lines[reply + 2].contains("RFC 5321 §3.3"))

        let quiet = try Binary.run(["--no-hints", env.host, String(env.smtpPort)], input: script)
        #expect(quiet.stdout.contains("503 5.5.1 Error: need MAIL command"))
        #expect(!quiet.stdout.contains("hint:"))
    }

    @Test func authBeforeSTARTTLSOnASubmissionPortIsExplained() throws {
        let result = try Binary.run([env.host, String(env.submissionPort)], input: "EHLO client.example\nAUTH PLAIN AGFsaWNlAHg=\nQUIT\n")
        #expect(result.stdout.contains("530 5.7.0 Must issue a STARTTLS command first"), "\(result.stdout)")
        let hint = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("  hint: ") && $0.contains("STARTTLS") && $0.contains("RFC 3207") },
            "\(result.stdout)")
        #expect(!hint.isEmpty)
    }

    @Test func relayDenialIsExplained() throws {
        let result = try Binary.run(
            [env.host, String(env.smtpPort)],
            input: "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<someone@elsewhere.example>\nQUIT\n")
        #expect(result.stdout.contains("Relay access denied"), "\(result.stdout)")
        #expect(result.stdout.contains("hint: ") && result.stdout.contains("§3.6"), "\(result.stdout)")
    }

    @Test func stateAndTourInTheConsole() throws {
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--no-history"], columns: 120, rows: 80)
        #expect(terminal.waitFor("> ", timeout: 10))
        terminal.send("EHLO me\r")
        #expect(terminal.waitFor("250 HELP"))
        terminal.send("MAIL FROM:<a@example.org>\r")
        #expect(terminal.waitFor("250 2.1.0"))
        let mark = terminal.screenText.count
        terminal.send("/state\r")
        #expect(terminal.waitFor("RCPT", after: mark), "\(terminal.screenText)")
        terminal.send("/help tour\r")
        #expect(terminal.waitFor("C: MAIL FROM:<somebody@mydomain.com>"))
        #expect(terminal.waitFor("S: 221 Goodbye"))
    }
}
