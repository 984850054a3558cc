import Foundation
import TestSupport
import Testing

/// A server that accepts the connection and never greets: the console says so after
/// `--timeout`, and `/quit`, Ctrl-C then `/quit`, and Ctrl-D end smtpc at once; a script
/// ends with the timeout's status.
@Suite(.serialized) struct SilentServerTests {
    private func silentServer() throws -> FaultyServer {
        try FaultyServer(banner: nil) { _ in .silence }
    }

    private func console(_ server: FaultyServer, timeout: String = "2") throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "--timeout", timeout, "127.0.0.1", String(server.port)],
            columns: 140, rows: 40)
        // The prompt comes within a second even though no banner does.
        try #require(terminal.waitFor("127.0.0.1:\(server.port)> ", timeout: 3), "\(terminal.screenText)")
        return terminal
    }

    @Test func theConsoleSaysTheGreetingIsLateAndQuitEndsAtOnce() throws {
        let server = try silentServer()
        let terminal = try console(server)
        #expect(
            terminal.waitFor("no greeting from the server after 2 s: it may be tarpitting on purpose", timeout: 5),
            "\(terminal.screenText)")
        let asked = Date()
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 3) == 0)
        #expect(Date().timeIntervalSince(asked) < 2, "/quit ends smtpc within a second")
        #expect(!server.receivedLines.contains { $0.hasPrefix("QUIT") }, "nothing is sent before the greeting")
    }

    @Test func ctrlCThenQuitAndCtrlDEndItToo() throws {
        let server = try silentServer()
        let first = try console(server, timeout: "30")
        let mark = first.rawOutput.count
        first.signal(SIGINT)
        // Ctrl-C discards the line and draws a fresh prompt; type once it is there.
        #expect(first.waitUntil(timeout: 3) { _ in first.rawOutput.count > mark && first.rawOutput.hasSuffix("> ") })
        first.send("/quit\r")
        #expect(first.waitForExit(timeout: 3) == 0, "\(first.rawOutput.debugDescription)")

        let second = try console(server, timeout: "30")
        second.send("\u{4}")
        #expect(second.waitForExit(timeout: 3) == 0, "\(second.screenText)")
    }

    @Test func aScriptEndsWithTheTimeoutStatus() throws {
        let server = try silentServer()
        let result = try Binary.run(["--timeout", "1", "127.0.0.1", String(server.port)], input: "EHLO x\nQUIT\n", timeout: 10)
        #expect(result.status == 75)
        #expect(result.stdout.contains("timed out after 1 s waiting for the greeting"), "\(result.stdout)")
    }
}

/// The reply to the end of a message may take longer than other replies: its own timeout.
@Suite(.serialized) struct DataTimeoutTests {
    @Test func theFinalDotHasItsOwnLongerTimeout() throws {
        // A server that takes 4 s over the final dot, and answers everything else at once: twice
        // --timeout, which leaves the other replies 2 s even on a loaded machine (1 s once failed at load 8).
        let server = try FaultyServer { line in
            if line == "." {
                Thread.sleep(forTimeInterval: 4)
                return .send("250 2.0.0 queued at last\r\n")
            }
            if line == "DATA" { return .send("354 go on\r\n") }
            let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
            return ["EHLO", "MAIL", "RCPT", "QUIT"].contains(verb) ? .send("250 ok\r\n") : .silence  // body lines
        }
        let script = "EHLO x\nMAIL FROM:<a@b.example>\nRCPT TO:<c@d.example>\nDATA\nSubject: slow\n\nbody\n.\nQUIT\n"
        let patient = try Binary.run(["--timeout", "2", "127.0.0.1", String(server.port)], input: script, timeout: 20)
        #expect(patient.status == 0, "the default --data-timeout (600 s) covers the 4 s: \(patient.stdout)")
        #expect(patient.stdout.contains("250 2.0.0 queued at last"))

        let impatient = try Binary.run(
            ["--timeout", "2", "--data-timeout", "1", "127.0.0.1", String(server.port)], input: script, timeout: 20)
        #expect(impatient.status == 75)
        #expect(impatient.stdout.contains("timed out after 1 s waiting for the reply to ."), "\(impatient.stdout)")
    }
}
