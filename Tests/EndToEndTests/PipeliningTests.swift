import Foundation
import TestSupport
import Testing

/// `--pipeline` (RFC 2920) in script mode against the real Postfix from `make test`, the
/// practice server, and a server that does not advertise PIPELINING.
@Suite(.serialized) struct PipeliningTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    @Test func postfixAnswersAPipelinedGroupAndEachReplyNamesItsCommand() throws {
        let token = UUID().uuidString
        let script = [
            "EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.user)>",
            "RCPT TO:<\(env.unknownUser)>", "DATA", "Subject: pipelined \(token)", "", "body", ".", "QUIT",
        ]
        let result = try Binary.run(
            ["--pipeline", "--no-hints", env.host, String(env.smtpPort)], input: script.joined(separator: "\n") + "\n")
        #expect(result.status == 1, "one recipient is refused: \(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("answers MAIL FROM:<sender@client.example>"), "\(result.stdout)")
        #expect(result.stdout.contains("answers RCPT TO:<\(env.user)>"))
        #expect(result.stdout.contains("answers RCPT TO:<\(env.unknownUser)>"))
        #expect(result.stdout.contains("answers DATA"))
        // The group went out before any of its replies: all four commands are echoed before the first 250 2.1.0.
        let lines = result.stdout.components(separatedBy: "\n")
        let dataEcho = try #require(lines.firstIndex(of: "> DATA"))
        let mailReply = try #require(lines.firstIndex { $0.hasPrefix("250 2.1.0") })
        #expect(dataEcho < mailReply, "\(result.stdout)")
        let message = try #require(Maildir.waitForMessage(in: env.maildir, containing: token))
        #expect(message.contains("body"))
    }

    @Test func thePracticeServerTakesAPipelinedTransaction() throws {
        let script = [
            "EHLO client.example", "MAIL FROM:<me@example.org>", "RCPT TO:<you@example.net>", "DATA", "Subject: piped", "",
            "hello", ".", "/inbox", "QUIT",
        ]
        let result = try Binary.run(["--pipeline", "--no-hints"], input: script.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("answers RCPT TO:<you@example.net>"), "\(result.stdout)")
        #expect(result.stdout.contains("1 message(s) received by the practice server:"))
    }

    @Test func pipelineIsRefusedWhenTheServerDoesNotAdvertiseIt() throws {
        let server = try FaultyServer { line in
            line.hasPrefix("EHLO") ? .send("250-faulty.test\r\n250 8BITMIME\r\n") : .send("250 2.0.0 ok\r\n")
        }
        let result = try Binary.run(
            ["--pipeline", "127.0.0.1", String(server.port)],
            input: "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<b@faulty.test>\nQUIT\n")
        #expect(result.status == 64, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("did not advertise PIPELINING (RFC 2920)"), "\(result.stdout)")
        #expect(server.receivedLines == ["EHLO client.example"], "nothing after the EHLO: \(server.receivedLines)")
    }

    @Test func withoutPipelineAScriptWaitsForEachReplyEvenWhenTheServerIsSlow() throws {
        let server = try FaultyServer { line in
            usleep(line.hasPrefix("MAIL") ? 300_000 : 0)
            return .send(line.hasPrefix("EHLO") ? "250-faulty.test\r\n250 PIPELINING\r\n" : "250 2.0.0 ok\r\n")
        }
        let result = try Binary.run(
            ["--no-hints", "127.0.0.1", String(server.port)],
            input: "EHLO client.example\nMAIL FROM:<a@client.example>\nRCPT TO:<b@faulty.test>\n")
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.components(separatedBy: "\n")
        let rcptEcho = try #require(lines.firstIndex(of: "> RCPT TO:<b@faulty.test>"))
        let mailReply = try #require(lines.firstIndex { $0.hasPrefix("250 2.0.0 ok") })
        #expect(mailReply < rcptEcho, "RCPT waits for MAIL's reply: \(result.stdout)")
        #expect(!result.stdout.contains("answers "), "lockstep replies need no 'answers'")
    }
}
