import Foundation
import TestSupport
import Testing

/// The console on a pseudo-terminal, typed at like a person would, against the real
/// Postfix from `make test` and a fault-injection server.
@Suite(.serialized) struct InteractiveConsoleTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    /// Starts smtpc on a terminal and waits for its first prompt.
    private func start(_ arguments: [String], history: String? = nil, columns: Int = 120) throws -> PseudoTerminal {
        let historyArguments = history.map { ["--history", $0] } ?? ["--no-history"]
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: historyArguments + arguments, columns: columns, rows: 50)
        try #require(terminal.waitFor("> ", timeout: 10), "no prompt; screen: \(terminal.screenText)")
        return terminal
    }

    private func postfix(_ extra: [String] = [], history: String? = nil) throws -> PseudoTerminal {
        try start(extra + [env.host, String(env.smtpPort)], history: history)
    }

    /// Types a line and Enter, then waits for `expected` to appear after what was on screen.
    @discardableResult
    private func enter(_ terminal: PseudoTerminal, _ line: String, expecting expected: String, timeout: TimeInterval = 10) -> Bool {
        let mark = terminal.screenText.count
        terminal.send(line + "\r")
        return terminal.waitFor(expected, after: mark, timeout: timeout)
    }

    @Test func bannerIsAnnotatedBeforeTheFirstPrompt() throws {
        let terminal = try postfix()
        // The prompt is drawn only after the banner and its annotation, in that order.
        let stream = terminal.screenText
        let banner = try #require(stream.range(of: "220 \(env.hostname) ESMTP Postfix"), "\(stream)")
        let annotation = try #require(stream.range(of: "  # 220 Service ready — Greeting"))
        let prompt = try #require(stream.range(of: "\(env.host):\(env.smtpPort)> "))
        #expect(banner.lowerBound < annotation.lowerBound && annotation.lowerBound < prompt.lowerBound, "\(stream)")
    }

    @Test func multiLineEHLOAndTabCompletionOfVerbAndAdvertisedParameter() throws {
        let terminal = try postfix()
        let mark = terminal.screenText.count
        terminal.send("EH\t")
        #expect(terminal.waitFor("EHLO ", after: mark), "TAB completes a unique verb: \(terminal.screenText)")
        #expect(enter(terminal, "client.example", expecting: "250 CHUNKING"))
        #expect(terminal.waitFor("250-PIPELINING"))
        let before = terminal.screenText.count
        terminal.send("MAIL FROM:<a@client.example> SI\t")
        #expect(terminal.waitFor("SIZE=", after: before), "TAB completes SIZE= from EHLO: \(terminal.screenText)")
        let listed = terminal.screenText.count
        terminal.send("\u{15}MAIL FROM:<a@client.example> \t")
        #expect(terminal.waitFor("BODY=8BITMIME", after: listed), "several candidates are listed")
        #expect(terminal.waitFor("SMTPUTF8", after: listed))
    }

    @Test func wholeTransactionWithDataModeDeliversTheDotStuffedBody() throws {
        let token = UUID().uuidString
        let terminal = try postfix()
        #expect(enter(terminal, "EHLO client.example", expecting: "250 CHUNKING"))
        #expect(enter(terminal, "MAIL FROM:<sender@client.example>", expecting: "250 2.1.0 Ok"))
        #expect(enter(terminal, "RCPT TO:<\(env.user)>", expecting: "250 2.1.5 Ok"))
        #expect(enter(terminal, "DATA", expecting: "354 "))
        #expect(terminal.waitFor("DATA> "), "the prompt shows DATA mode: \(terminal.screenText)")
        #expect(enter(terminal, "Subject: pty \(token)", expecting: "DATA> "))
        #expect(enter(terminal, "", expecting: "DATA> "))
        #expect(enter(terminal, ".hidden dot", expecting: "dot-stuffed"))
        #expect(enter(terminal, "/quit is body text here", expecting: "DATA> "))
        #expect(enter(terminal, ".", expecting: "250 2.0.0 Ok: queued"))
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: token))
        #expect(message.contains("\n.hidden dot\n/quit is body text here\n"), "\(message)")
        #expect(enter(terminal, "QUIT", expecting: "221 2.0.0 Bye"))
        #expect(terminal.waitFor("(disconnected)> "))
    }

    @Test func coloursPerReplyClass() throws {
        let terminal = try postfix(["--color", "always"])
        #expect(enter(terminal, "EHLO client.example", expecting: "250 CHUNKING"))
        #expect(enter(terminal, "RCPT TO:<\(env.user)>", expecting: "503 "))
        #expect(terminal.rawOutput.contains("\u{1B}[32m220 \(env.hostname)"))
        #expect(terminal.rawOutput.contains("\u{1B}[32m250-PIPELINING"))
        #expect(terminal.rawOutput.contains("\u{1B}[31m503 5.5.1"))
    }

    @Test func historyPersistsAcrossRunsWithoutAuthLines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtpc-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = directory.appendingPathComponent("state/history").path
        let secret = "AGFsaWNlAHdvbmRlcmxhbmQtNDI="
        do {
            let first = try postfix(history: history)
            #expect(enter(first, "NOOP", expecting: "250 2.0.0 Ok"))
            #expect(enter(first, "AUTH PLAIN \(secret)", expecting: "503 "))
            #expect(enter(first, "/b64 encode \\x00alice\\x00s3cret-pw", expecting: "AGFsaWNlAHMzY3JldC1wdw=="))
            #expect(enter(first, "/raw AUTH PLAIN c2VjcmV0LXJhdw==\\r\\n", expecting: "(sent "))
            #expect(enter(first, "HELP", expecting: "500 "))
            first.sendEndOfFile()
            #expect(first.waitForExit(timeout: 10) == 0)
        }
        let stored = try String(contentsOfFile: history, encoding: .utf8)
        #expect(stored.hasPrefix("_HiStOrY_V2_"))
        #expect(stored.contains("NOOP"))
        #expect(!stored.contains(secret) && !stored.contains("AUTH"), "AUTH lines never enter history: \(stored)")
        #expect(!stored.contains("s3cret") && !stored.contains("c2VjcmV0LXJhdw"), "/b64 and /raw AUTH lines never enter history: \(stored)")
        let attributes = try FileManager.default.attributesOfItem(atPath: history)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let server = try FaultyServer { _ in .send("250 2.0.0 ok\r\n") }
        let second = try start(["127.0.0.1", String(server.port)], history: history)
        second.send("\u{1B}[A")  // Up: the last entry, HELP
        second.send("\u{1B}[A")  // Up: NOOP (AUTH was never stored)
        second.send("\r")
        #expect(server.waitForLine { $0 == "NOOP" }, "up-arrow recalled NOOP: \(server.receivedLines)")
    }

    @Test func ctrlCDiscardsTheHalfTypedLine() throws {
        let server = try FaultyServer { _ in .send("250 2.0.0 ok\r\n") }
        let terminal = try start(["127.0.0.1", String(server.port)])
        terminal.send("MAIL FROM:<discard@me")
        #expect(terminal.waitFor("discard@me"))
        Thread.sleep(forTimeInterval: 0.1)
        terminal.send("\u{03}")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(enter(terminal, "NOOP", expecting: "250 2.0.0 ok"))
        #expect(server.receivedLines == ["NOOP"], "the discarded line was never sent: \(server.receivedLines)")
        #expect(terminal.waitForExit(timeout: 0.2) == nil, "Ctrl-C never kills the console")
    }

    @Test func replyArrivingWhileTypingKeepsTheHalfTypedLine() throws {
        let server = try FaultyServer { _ in .send("250 2.1.5 ok\r\n") }
        let terminal = try start(["127.0.0.1", String(server.port)])
        terminal.send("RCPT TO:<half")
        #expect(terminal.waitFor("RCPT TO:<half"))
        let mark = terminal.screenText.count
        server.push("421 4.4.2 faulty.test idle timeout, closing\r\n")
        #expect(terminal.waitFor("421 4.4.2 faulty.test idle timeout", after: mark))
        #expect(terminal.waitFor("# 421 ", after: mark))
        // The screen shows the reply above a redrawn prompt holding the half-typed line.
        #expect(
            terminal.waitUntil { _ in
                let lines = terminal.screenLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                guard let replyRow = lines.lastIndex(where: { $0.hasPrefix("421 4.4.2") }), let last = lines.last else { return false }
                return lines.count > replyRow + 1 && last.hasSuffix("> RCPT TO:<half")
            }, "screen: \(terminal.screenLines.joined(separator: "\n"))")
        terminal.send("@example.com>\r")
        #expect(server.waitForLine { $0 == "RCPT TO:<half@example.com>" }, "received: \(server.receivedLines)")
    }

    @Test func serverClosingKeepsTheConsoleRunningAndReconnectWorks() throws {
        let terminal = try postfix()
        #expect(enter(terminal, "QUIT", expecting: "connection closed by the server"))
        #expect(terminal.waitFor("(disconnected)> "))
        #expect(enter(terminal, "NOOP", expecting: "not connected"))
        #expect(enter(terminal, "/reconnect", expecting: "220 \(env.hostname)"))
        #expect(enter(terminal, "NOOP", expecting: "250 2.0.0 Ok"))
    }

    @Test func metaCommandsInTheConsole() throws {
        let server = try FaultyServer { _ in .send("250 ok\r\n") }
        let terminal = try start(["127.0.0.1", String(server.port)])
        #expect(enter(terminal, "/help", expecting: "/raw TEXT"))
        #expect(enter(terminal, "/explain 421", expecting: "421  Service not available, closing transmission channel"))
        #expect(enter(terminal, "/b64 decode VXNlcm5hbWU6", expecting: "Username:"))
        #expect(enter(terminal, "/bogus", expecting: "unknown meta-command /bogus"))
        #expect(enter(terminal, "/raw NOOP\\r\\n", expecting: "250 ok"))
        #expect(server.waitForLine { $0 == "NOOP" })
        #expect(enter(terminal, "/state", expecting: "Connected to 127.0.0.1:\(server.port)"))
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 10) == 0)
        #expect(server.receivedLines.last == "QUIT")
    }

    @Test func ctrlDSendsQuitAndLeaves() throws {
        let server = try FaultyServer { line in line == "QUIT" ? .sendAndClose("221 bye\r\n") : .send("250 ok\r\n") }
        let terminal = try start(["127.0.0.1", String(server.port)])
        terminal.sendEndOfFile()
        #expect(terminal.waitForExit(timeout: 10) == 0)
        #expect(server.receivedLines == ["QUIT"])
    }
}
