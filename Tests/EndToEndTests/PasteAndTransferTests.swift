import Foundation
import TestSupport
import Testing

/// The console on a pseudo-terminal: lines pasted in one go across DATA and its 354, and a
/// `/send` with its progress bar, stopped by Ctrl-C.
@Suite(.serialized) struct PasteAndTransferTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func start(_ arguments: [String]) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "--no-hints"] + arguments, columns: 120, rows: 50)
        try #require(terminal.waitFor("> ", timeout: 10), "no prompt; screen: \(terminal.screenText)")
        return terminal
    }

    @Test func aTransactionPastedInOneGoArrivesWithItsBodyDotStuffed() throws {
        let token = UUID().uuidString
        let terminal = try start([env.host, String(env.smtpPort)])
        let mark = terminal.screenText.count
        terminal.send("EHLO client.example\r")
        #expect(terminal.waitFor("250 CHUNKING", after: mark))
        // Everything at once, as a paste: the body lines reach the console before the 354.
        let paste = [
            "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.user)>", "DATA", "Subject: pasted \(token)", "",
            ".a line that starts with a dot", "QUIT is body text here", ".",
        ]
        let before = terminal.screenText.count
        terminal.send(paste.joined(separator: "\r") + "\r")
        #expect(terminal.waitFor("250 2.0.0 Ok: queued", after: before, timeout: 10), "\(terminal.screenText)")
        #expect(terminal.screenText.contains("answers RCPT TO:<\(env.user)>"), "pipelined replies name their command")
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: token))
        #expect(message.contains("\n.a line that starts with a dot\nQUIT is body text here\n"), "\(message)")
        terminal.send("QUIT\r")
        #expect(terminal.waitFor("221 2.0.0 Bye"))
    }

    @Test func sendShowsAProgressBarAndCtrlCAsksThenDropsTheConnection() throws {
        // A server that reads the body slowly, so the transfer lasts and backpressure holds it.
        let server = try FaultyServer { line in
            if line.hasPrefix("EHLO") { return .send("250-faulty.test\r\n250 PIPELINING\r\n") }
            if line == "DATA" { return .send("354 go ahead\r\n") }
            if line.hasPrefix("x") {
                usleep(2000)
                return .silence
            }
            return .send("250 2.0.0 ok\r\n")
        }
        let directory = try PseudoTerminal.makeTemporaryDirectory()
        let path = directory + "/slow.eml"
        let line = String(repeating: "x", count: 99) + "\n"
        try Data(String(repeating: line, count: 40_000).utf8).write(to: URL(fileURLWithPath: path))
        let terminal = try start(["127.0.0.1", String(server.port)])
        for command in ["EHLO client.example", "MAIL FROM:<a@client.example>", "RCPT TO:<b@faulty.test>"] {
            let mark = terminal.screenText.count
            terminal.send(command + "\r")
            #expect(terminal.waitFor("250", after: mark))
        }
        let mark = terminal.screenText.count
        terminal.send("/send \(path)\r")
        #expect(terminal.waitFor("MiB/s ETA", after: mark, timeout: 10), "a progress bar: \(terminal.screenText)")
        #expect(terminal.waitFor("sending> ", after: mark), "the prompt stays, and says so")
        let typed = terminal.screenText.count
        terminal.send("NOO")
        #expect(terminal.waitFor("NOO", after: typed), "the editor answers during the transfer")
        Thread.sleep(forTimeInterval: 0.1)
        terminal.send("\u{03}")
        #expect(terminal.waitFor("Stop sending? SMTP cannot abort DATA", after: mark), "\(terminal.screenText)")
        terminal.send("y\r")
        #expect(terminal.waitFor("transfer stopped after", after: mark), "\(terminal.screenText)")
        #expect(terminal.waitFor("(disconnected)> ", after: mark))
        #expect(!server.receivedLines.contains("NOO"), "the discarded half line was never sent")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 5) == 0)
    }
}
