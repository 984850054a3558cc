import Foundation
import TestSupport
import Testing

/// smtpc with no host (the practice server in-process) and `smtpc serve`, as built binaries.
@Suite(.serialized) struct PracticeServerTests {
    @Test func noHostOpensAConversationOnThePracticeServer() throws {
        let result = try Binary.run(
            [],
            input: """
                EHLO learner.example
                STARTTLS
                EHLO learner.example
                MAIL FROM:<me@example.org>
                RCPT TO:<you@example.net>
                DATA
                Subject: first lesson

                ..two dots
                .
                /inbox
                /inbox 1
                QUIT

                """)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("--- practice server started in this process on 127.0.0.1:"))
        #expect(result.stdout.contains("220 localhost ESMTP"))
        #expect(result.stdout.contains("--- TLS established: "))
        #expect(result.stdout.contains(", verified"), "the console trusts the practice server's CA")
        #expect(result.stdout.contains("250-AUTH PLAIN LOGIN CRAM-MD5"))
        #expect(result.stdout.contains("1 message(s) received by the practice server:"))
        #expect(result.stdout.contains("from <me@example.org> to <you@example.net> \"first lesson\""))
        #expect(result.stdout.contains("  ..two dots"), "the body arrives as typed (stuffed on the wire, unstuffed by the server)")
    }

    @Test func authAgainstThePracticeServerWithTheDemoAccount() throws {
        let result = try Binary.run(
            ["--user", "learner"], input: "EHLO me\nSTARTTLS\nEHLO me\n/auth CRAM-MD5\nQUIT\n",
            environment: ["SMTPC_PASSWORD": "practice"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("235 "))
    }

    @Test func scenarioGreylistIsAvailableWithoutAHost() throws {
        let result = try Binary.run(
            ["--scenario", "greylist"], input: "EHLO me\nMAIL FROM:<a@example.org>\nRCPT TO:<b@example.net>\nQUIT\n")
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("451 4.7.1"))
        #expect(result.stdout.contains("scenarios: greylist"))
        #expect(try Binary.run(["--scenario", "nonsense"], input: "").status == 64)
    }

    @Test func interactiveConsoleWithNoHost() throws {
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--no-history"], columns: 120, rows: 50)
        #expect(terminal.waitFor("> ", timeout: 10), "\(terminal.screenText)")
        #expect(terminal.screenText.contains("practice server started"))
        #expect(terminal.screenText.contains("220 localhost ESMTP"))
        terminal.send("EHLO me\r")
        #expect(terminal.waitFor("250 HELP"))
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test func serveLogsAnAnnotatedConversation() throws {
        let serve = try ServeProcess()
        let listening = serve.port
        func logText() -> String { serve.logText }
        #expect(logText().contains("learner / practice"))
        #expect(logText().contains("SHA-256"))
        let client = try Binary.run(["127.0.0.1", String(listening)], input: "EHLO client.example\nNOOP\nQUIT\n")
        #expect(client.status == 0, "\(client.stdout)")
        let until = Date().addingTimeInterval(5)
        while !logText().contains("QUIT") && Date() < until { usleep(50_000) }
        let text = logText()
        #expect(text.contains("EHLO client.example"), "\(text)")
        #expect(text.contains("221 "), "\(text)")
    }

    @Test func aPortInUseEndsServeWithStatus70() throws {
        let taken = try FaultyServer { _ in .silence }
        let result = try Binary.run(["serve", "--listen", "127.0.0.1:\(taken.port)"], timeout: 30)
        #expect(result.status == 70, "the documented status when the practice server cannot start: \(result.stderr)")
        #expect(result.stderr.hasPrefix("smtpc serve: cannot start the practice server: "), "\(result.stderr)")
        #expect(!result.stderr.contains("Error: "), "said once, by smtpc, not again by the parser")
        taken.stop()
    }

    @Test func serveRefusesANonLoopbackAddress() throws {
        let result = try Binary.run(["serve", "--listen", "192.0.2.1:2525"])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("loopback"))
    }
}
