import Foundation
import TestSupport
import Testing

/// `/send FILE` and `/bdat FILE`: message files sent as the body of a transaction, to the
/// real Postfix from `make test`, the practice server and a fault-injection server.
@Suite(.serialized) struct SendFileTests {
    let env: TestEnvironment
    let directory: String

    init() throws {
        env = try TestEnvironment.load()
        directory = try PseudoTerminal.makeTemporaryDirectory()
    }

    /// Writes `bytes` to a new file in the test's directory; returns its path.
    private func file(_ name: String, _ bytes: Data) throws -> String {
        let path = directory + "/" + name
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A script against Postfix that opens a transaction to the test user, then runs `then`.
    private func postfixScript(_ then: [String]) throws -> Binary.Result {
        let lines = ["EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.user)>"] + then + ["QUIT"]
        return try Binary.run([env.host, String(env.smtpPort)], input: lines.joined(separator: "\n") + "\n", timeout: 120)
    }

    /// The body of a maildir message (after the first empty line).
    private func body(of message: String) -> String {
        message.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
    }

    @Test func sendDotStuffsLFFileWithoutFinalNewlineAndPostfixStoresItExactly() throws {
        let token = UUID().uuidString
        let text = "Subject: /send \(token)\n\nfirst line\n.one dot\n..two dots\n.\nnear the end\nno final newline"
        let path = try file("plain.eml", Data(text.utf8))
        let result = try postfixScript(["/send \(path)"])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("354 "))
        #expect(result.stdout.contains("250 2.0.0 Ok: queued as"), "\(result.stdout)")
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: token), "no message in \(env.maildir)")
        // Postfix stores LF line endings; after its unstuffing the body is the file's.
        #expect(body(of: message) == "first line\n.one dot\n..two dots\n.\nnear the end\nno final newline\n", "body: \(body(of: message))")
    }

    @Test func largeFileShowsProgressAndArrives() throws {
        let token = UUID().uuidString
        var text = "Subject: big /send \(token)\n\n"
        let line = String(repeating: "0123456789abcdef", count: 4) + "\n"  // 65 bytes
        text += String(repeating: line, count: 3 * 1024 * 1024 / 65)
        text += "end of \(token)\n"
        let path = try file("big.eml", Data(text.utf8))
        let result = try postfixScript(["/send \(path)"])
        #expect(result.status == 0, "stdout: \(result.stdout.suffix(2000))")
        let total = String(format: "%.1f", Double(text.utf8.count) / 1_048_576)
        // One line per quarter (read in 256 KiB blocks, so up to a block past each quarter), rising to the total.
        let progress = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  sent ") && $0.hasSuffix(" of \(total) MiB") }
        let amounts = progress.compactMap { Double($0.split(separator: " ")[1]) }
        #expect(
            amounts.count == 4 && amounts == amounts.sorted() && amounts.last.map { String(format: "%.1f", $0) } == total, "\(progress)")
        #expect(amounts.first.map { $0 >= 0.7 && $0 <= 1.1 } == true, "\(progress)")
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: "end of \(token)", timeout: 30))
        #expect(body(of: message).utf8.count == text.utf8.count - "Subject: big /send \(token)\n\n".utf8.count)
    }

    @Test func sendStreamsCRLFFileAndWarnsAbout8BitAndLongLines() throws {
        let long = String(repeating: "y", count: 1000)
        let text = "Subject: caf\u{E9}\r\n\r\n.dot\r\n\(long)\r\nbare\rCR stays\r\n"
        let path = try file("crlf.eml", Data(text.utf8))
        let server = try FaultyServer { line in
            if line == "DATA" { return .send("354 go ahead\r\n") }
            if line == "." || ["EHLO", "MAIL", "RCPT", "NOOP"].contains(where: line.hasPrefix) { return .send("250 2.0.0 ok\r\n") }
            return .silence
        }
        let result = try Binary.run(
            ["127.0.0.1", String(server.port)],
            input: "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<b@faulty.test>\n/send \(path)\nNOOP\n")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "line 1 of \(path) has non-ASCII bytes, and the server advertised neither 8BITMIME nor SMTPUTF8 (sent anyway)"),
            "\(result.stdout)")
        #expect(result.stdout.contains("line 4 of \(path) is longer than the 998 octets RFC 5321 allows (sent anyway)"))
        #expect(server.waitForLine { $0 == "NOOP" })
        let body = Array(server.receivedLines.drop { $0 != "DATA" }.dropFirst())
        #expect(body == ["Subject: caf\u{E9}", "", "..dot", long, "bare\rCR stays", ".", "NOOP"], "\(body)")
    }

    @Test func missingFileIsAnErrorAndNothingIsSent() throws {
        let server = try FaultyServer { line in
            line.hasPrefix("EHLO") ? .send("250-faulty.test\r\n250 CHUNKING\r\n") : .send("250 2.0.0 ok\r\n")
        }
        let result = try Binary.run(
            ["127.0.0.1", String(server.port)],
            input:
                "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<b@faulty.test>\n/send \(directory)/nope.eml\n/bdat \(directory)/nope.eml\nNOOP\n"
        )
        #expect(
            result.stdout.contains("smtpc: cannot read \(directory)/nope.eml: No such file or directory; nothing was sent"),
            "\(result.stdout)")
        #expect(server.waitForLine { $0 == "NOOP" })
        #expect(server.receivedLines == ["EHLO client.example", "MAIL FROM:<a@client.example>", "RCPT TO:<b@faulty.test>", "NOOP"])
    }

    @Test func sendWithoutTransactionSaysWhatIsNeeded() throws {
        let path = try file("m.eml", Data("Subject: x\n\nhi\n".utf8))
        let server = try FaultyServer { _ in .send("250 2.0.0 ok\r\n") }
        let result = try Binary.run(["127.0.0.1", String(server.port)], input: "EHLO client.example\n/send \(path)\nNOOP\n")
        #expect(result.stdout.contains("no mail transaction — send MAIL FROM:<address> and RCPT TO:<address> first"))
        #expect(server.waitForLine { $0 == "NOOP" })
        #expect(server.receivedLines == ["EHLO client.example", "NOOP"])
    }

    @Test func bdatWithoutChunkingExplains() throws {
        let path = try file("m.eml", Data("Subject: x\n\nhi\n".utf8))
        let server = try FaultyServer { line in
            line.hasPrefix("EHLO") ? .send("250-faulty.test\r\n250 8BITMIME\r\n") : .send("250 2.0.0 ok\r\n")
        }
        let result = try Binary.run(
            ["127.0.0.1", String(server.port)],
            input: "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<b@faulty.test>\n/bdat \(path)\nNOOP\n")
        #expect(result.stdout.contains("the server did not advertise CHUNKING (RFC 3030)"), "\(result.stdout)")
        #expect(server.waitForLine { $0 == "NOOP" })
        #expect(!server.receivedLines.contains { $0.hasPrefix("BDAT") || $0 == "DATA" })
    }

    @Test func bdatStopsAtTheFirstRefusedChunkAndSendsNoBodyAsCommands() throws {
        // Two chunks: about 128 KiB of lines; the server refuses the first BDAT.
        let line = String(repeating: "x", count: 99) + "\n"
        let path = try file("two.eml", Data(String(repeating: line, count: 1300).utf8))
        let server = try FaultyServer { line in
            if line.hasPrefix("EHLO") { return .send("250-faulty.test\r\n250 CHUNKING\r\n") }
            if line.hasPrefix("BDAT") { return .send("552 5.3.4 too big\r\n") }
            return line.hasPrefix("x") ? .silence : .send("250 2.0.0 ok\r\n")
        }
        let result = try Binary.run(
            ["127.0.0.1", String(server.port)],
            input: "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<b@faulty.test>\n/bdat \(path)\nRSET\n")
        #expect(result.stdout.contains("chunk 1 was not accepted — stopped"), "\(result.stdout)")
        #expect(server.waitForLine { $0 == "RSET" })
        let bdats = server.receivedLines.filter { $0.hasPrefix("BDAT") }
        #expect(bdats.count == 1 && !bdats[0].hasSuffix("LAST"), "\(bdats)")
    }

    @Test func bdatToThePracticeServerIsStoredAsSent() throws {
        let text = "Subject: chunked\r\n\r\n.a dot stays single with BDAT\nlast line"
        let path = try file("chunk.eml", Data(text.utf8))
        let result = try Binary.run(
            [],
            input: ["EHLO client.example", "MAIL FROM:<a@client.example>", "RCPT TO:<b@example.org>", "/bdat \(path)", "/inbox 1", "QUIT"]
                .joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("250 2.0.0 OK: queued as"), "\(result.stdout)")
        #expect(result.stdout.contains("  Subject: chunked\n  \n  .a dot stays single with BDAT\n  last line\n"), "\(result.stdout)")
    }

    @Test func bdatToPostfixArrives() throws {
        let token = UUID().uuidString
        let text = "Subject: /bdat \(token)\n\n.one dot, not stuffed\nlast"
        let path = try file("bdat.eml", Data(text.utf8))
        let result = try postfixScript(["/bdat \(path)"])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: token))
        #expect(body(of: message) == ".one dot, not stuffed\nlast\n", "body: \(body(of: message))")
    }

    @Test func tabCompletesThePathAfterSend() throws {
        let server = try FaultyServer { _ in .send("250 2.0.0 ok\r\n") }
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "127.0.0.1", String(server.port)], columns: 120, rows: 50)
        try #require(terminal.waitFor("> ", timeout: 10))
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: terminal.home + "/message-one.eml"))
        try FileManager.default.createDirectory(atPath: terminal.home + "/mail-folder", withIntermediateDirectories: false)
        terminal.send("/send ~/mess\t")
        #expect(terminal.waitFor("/send ~/message-one.eml "), "screen: \(terminal.screenText)")
        terminal.send("\u{15}/bdat ~/mai\t")
        #expect(terminal.waitFor("/bdat ~/mail-folder/"), "screen: \(terminal.screenText)")
        terminal.send("\u{15}/send ~/m\t")
        // Two candidates: both listed, the directory with its slash.
        #expect(terminal.waitUntil { $0.contains("~/mail-folder/") && $0.contains("~/message-one.eml") }, "screen: \(terminal.screenText)")
    }

    @Test func bdatChunksArePipelinedToPostfixAndTheMessageArrivesWhole() throws {
        let token = UUID().uuidString
        var text = "Subject: chunks \(token)\n\n"
        let line = String(repeating: "abcdefghij", count: 7) + "\n"  // 71 bytes
        text += String(repeating: line, count: 3000)  // about 208 KiB: four chunks
        text += ".a dot stays single with BDAT\nend of \(token)\n"
        let path = try file("chunks.eml", Data(text.utf8))
        let result = try postfixScript(["/bdat \(path)"])
        #expect(result.status == 0, "stdout: \(result.stdout.suffix(3000))")
        // One reply per chunk (whether a reply came before the next chunk left is timing;
        // that chunks do not wait is checked in ConsoleMachineTests).
        let chunkReplies = result.stdout.components(separatedBy: "\n").filter {
            $0.hasPrefix("250 2.0.0 Ok: ") || $0.hasPrefix("250 2.0.0 ")
        }
        #expect(chunkReplies.count >= 4, "a reply per chunk: \(result.stdout.suffix(3000))")
        #expect(result.stdout.contains("lines sent as BDAT chunks, the last with LAST"))
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: "end of \(token)", timeout: 30))
        #expect(body(of: message) == String(text.dropFirst("Subject: chunks \(token)\n\n".count)), "the body as sent")
    }

    @Test func aFileOverTheAdvertisedSizeIsRefusedInAScriptWithItsOwnStatus() throws {
        // Postfix here advertises SIZE 10240000.
        let path = directory + "/huge.eml"
        let created = FileManager.default.createFile(atPath: path, contents: nil)
        try #require(created)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 11_000_000)
        try handle.close()
        let result = try postfixScript(["/send \(path)"])
        #expect(result.status == 65, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("over the server's SIZE limit of 10240000 (RFC 1870); not sent"), "\(result.stdout)")
        #expect(!result.stdout.contains("> DATA"), "DATA is never sent")
    }
}
