import Foundation
import SMTPTranscript
import TestSupport
import Testing

/// Servers that misbehave on purpose, in script mode: for each, smtpc does not crash,
/// explains in plain words, lets nothing from the server reach the terminal as a control
/// sequence, and the transcript holds every line received up to the last byte.
@Suite(.serialized) struct HostileServerTests {
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let answer: FaultyServer.Response
        /// Words the explanation must hold.
        let explanation: String
        /// Statuses that are right for this case.
        let statuses: Set<Int32>
        /// The last line the transcript must hold (as it was received), if the case ends with a whole line.
        let lastLine: String?
    }

    static let cases: [Case] = [
        Case(
            description: "a code that changes in the middle of a reply", answer: .send("250-first\r\n550 second\r\n"),
            explanation: "malformed reply", statuses: [76], lastLine: "550 second"),
        Case(
            description: "a code out of range", answer: .send("999 what\r\n"), explanation: "malformed reply", statuses: [76],
            lastLine: "999 what"),
        Case(
            description: "no code at all", answer: .send("hello there\r\n"), explanation: "malformed reply", statuses: [76],
            lastLine: "hello there"),
        Case(
            description: "NUL and bytes that are not UTF-8",
            answer: .sendBytes(Array("250 ok ".utf8) + [0x00, 0xFF, 0xC3] + Array(" end\r\n".utf8), close: false),
            explanation: "250 ok \\x00\\xff\\xc3 end", statuses: [0], lastLine: nil),
        Case(
            description: "OSC title and clipboard, CSI, raw and UTF-8 C1, backspaces and CR hiding text",
            answer: .sendBytes(
                Array("250 a\u{1b}]0;pwned\u{07}b\u{1b}]52;c;ZXZpbA==\u{07}c\u{1b}[2Jd".utf8) + [0x9B] + Array("31me\u{9b}f".utf8)
                    + [0x08, 0x08] + Array("gg\rhidden\r\n".utf8), close: false),
            explanation: "\\x1b]0;pwned\\x07", statuses: [0, 76], lastLine: nil),
        Case(
            description: "a line of megabytes with no CRLF", answer: .sendBytes([UInt8](repeating: 0x41, count: 3 << 20), close: true),
            explanation: "connection", statuses: [74, 76], lastLine: nil),
        Case(
            description: "an endless multi-line reply",
            answer: .sendBytes(Array(String(repeating: "250-more of the same\r\n", count: 150_000).utf8), close: true),
            explanation: "malformed reply", statuses: [74, 76], lastLine: "250-more of the same"),
        Case(
            description: "a close in the middle of a reply", answer: .sendBytes(Array("250-first line\r\n250-sec".utf8), close: true),
            explanation: "connection", statuses: [74, 76], lastLine: "250-first line"),
        Case(description: "a reset", answer: .reset, explanation: "connection", statuses: [74], lastLine: nil),
        Case(
            description: "several unsolicited replies", answer: .send("250 ok\r\n421 going\r\n421 really going\r\n"),
            explanation: "421 really going", statuses: [0, 1, 74], lastLine: "421 really going"),
    ]

    @Test(arguments: cases)
    func smtpcExplainsAndLosesNothing(_ hostile: Case) throws {
        let server = try FaultyServer { line in line.hasPrefix("EHLO") ? hostile.answer : .send("250 fine\r\n") }
        let directory = try makeTemporaryDirectory(prefix: "smtpc-hostile")
        let transcript = directory.appendingPathComponent("t.txt").path
        let result = try Binary.run(
            ["--record", transcript, "--timeout", "5", "127.0.0.1", String(server.port)], input: "EHLO x\nNOOP\nQUIT\n",
            timeout: 30)
        #expect(hostile.statuses.contains(result.status), "status \(result.status): \(result.stdout.suffix(600))")
        #expect(result.stdout.contains(hostile.explanation), "\(result.stdout.suffix(800))")
        for forbidden: Character in ["\u{1b}", "\u{9b}", "\u{07}", "\u{08}", "\u{0}", "\r"] {
            #expect(!result.stdout.contains(forbidden), "a raw \(forbidden.unicodeScalars.first!.value) reached the terminal")
            #expect(!result.stderr.contains(forbidden))
        }
        #expect(!result.stdout.utf8.contains(0x9B))
        let read = try TranscriptReader.read(path: transcript)
        let received = read.sessions.flatMap(\.records).filter { $0.direction == .server }.map(\.text)
        #expect(received.first == "220 faulty.test ESMTP test server")
        if let lastLine = hostile.lastLine {
            #expect(received.contains(lastLine), "the transcript keeps every line received: \(received.suffix(3))")
        }
        if hostile.description == "a line of megabytes with no CRLF" {
            // Written as it arrived, up to the last byte: no line of the transcript is held in memory.
            #expect(received.last == String(repeating: "A", count: 3 << 20), "\(received.last?.count ?? 0) bytes kept")
            #expect(result.stdout.contains("the over-long line ended after 3145728 bytes; the transcript holds all of it"))
        }
        if hostile.description == "an endless multi-line reply" {
            #expect(received.filter { $0 == "250-more of the same" }.count == 150_000, "every line of the flood is kept")
        }
    }
}

/// A flood faster than smtpc can show it: reading pauses while a big batch is handled, so
/// memory stays bounded (measured with the debug build: 31 MB peak for 2,000,000
/// one-line replies, against 597 MB before; 80 MB for a flood of 100,000-line replies).
@Suite(.serialized) struct FloodTests {
    @Test func aNinetyThousandLineReplyKeepsMemoryBoundedAndWhole() throws {
        let flood = Array((String(repeating: "250-flood line\r\n", count: 89_999) + "250 flood end\r\n").utf8)
        let server = try FaultyServer { line in line.hasPrefix("EHLO") ? .sendBytes(flood, close: false) : .send("221 bye\r\n") }
        let directory = try makeTemporaryDirectory(prefix: "smtpc-flood")
        let transcript = directory.appendingPathComponent("flood.txt").path
        let result = try Binary.run(
            executable: "/usr/bin/time",
            ["-f", "peak %M KB", Binary.path, "--record", transcript, "--timeout", "30", "127.0.0.1", String(server.port)],
            input: "EHLO x\nQUIT\n", timeout: 120)
        #expect(result.status == 0, "\(result.stdout.suffix(500))")
        let peak = result.stderr.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.split(separator: " ")[1]) }
        let kilobytes = try #require(peak, "\(result.stderr)")
        #expect(kilobytes < 96_000, "peak RSS \(kilobytes) KB for a 90,000-line reply")
        let text = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(text.components(separatedBy: "SMTPD: 250-flood line\n").count - 1 == 89_999, "every line is in the transcript")
        #expect(text.contains("SMTPD: 250 flood end\n"))
    }
}
