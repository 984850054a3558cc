import Foundation
import Testing

@testable import SMTPTranscript

/// The reader gives back what the writer wrote, and stops on anything else with the line
/// and the reason.
@Suite struct TranscriptReaderTests {
    /// Found by the transcript-reader fuzz target: the error quoted the bad line raw, so a
    /// hostile file could put control sequences on the terminal of whoever replays it.
    @Test func anErrorQuotingTheFileShowsItsControlCharactersEscaped() {
        let text = "# smtpc transcript 1; smtpc 0.9.0; target \u{1b}]0;x\u{7}; started 2026-12-03T06:\u{0}r11:59.738Z\n"
        do {
            _ = try TranscriptReader.parse(Array(text.utf8), path: "evil\u{1b}.txt", format: .text)
            Issue.record("a malformed header was read")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(error)")
            #expect(error.description.hasPrefix("evil\\x1b.txt:1: "), "\(error)")
        }
    }

    private let header = TranscriptHeader(
        smtpcVersion: "0.9.0", target: "unix:/run/my; odd path", started: 1_764_000_000, tls: "tls", lmtp: true,
        timestamps: true)

    private var entries: [TranscriptEntry] {
        [
            .event(.recordingStarted, timestamp: 1_764_000_000),
            .event(.connected(target: "mx.example.org:465", address: "192.0.2.1:465"), timestamp: 1_764_000_000.1),
            .event(
                .tlsEstablished(
                    .init(
                        protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", subject: "CN=mx.example.org",
                        issuer: "CN=Test CA", verified: true,
                        summary: "TLSv1.3, TLS_AES_128_GCM_SHA256, subject CN=mx.example.org, issuer CN=Test CA, verified")),
                timestamp: 1_764_000_000.2),
            TranscriptEntry(direction: .server, bytes: Array("220 mx ESMTP \u{1b}[2J\\ok".utf8) + [0xFF], timestamp: 1_764_000_000.3),
            TranscriptEntry(direction: .client, bytes: Array("EHLO c.example".utf8), timestamp: 1_764_000_000.4),
            TranscriptEntry(
                direction: .client, bytes: Array("AUTH PLAIN AGFsaWNlAHNlY3JldA==".utf8), timestamp: 1_764_000_000.5, isSecret: true,
                redactedText: "AUTH PLAIN [redacted]"),
            TranscriptEntry(direction: .server, bytes: Array("235 2.7.0 ok".utf8), timestamp: 1_764_000_000.6),
            .event(.authenticated(mechanism: "PLAIN"), timestamp: 1_764_000_000.6),
            TranscriptEntry(direction: .client, bytes: Array("..leading dot, stuffed".utf8), timestamp: 1_764_000_000.7),
            .event(.closed(by: .server, reason: nil), timestamp: 1_764_000_000.8),
        ]
    }

    private func written(_ format: TranscriptFormat) -> [UInt8] {
        var text = format.line(for: header)
        for entry in entries { text += format.line(for: entry, keepSecrets: false, timestamps: true) }
        return Array(text.utf8)
    }

    @Test(arguments: [TranscriptFormat.text, .jsonLines])
    func whatWasWrittenReadsBack(format: TranscriptFormat) throws {
        let transcript = try TranscriptReader.parse(written(format), path: "t", format: format)
        #expect(transcript.sessions.count == 1)
        let session = try #require(transcript.sessions.first)
        #expect(session.header?.target == "unix:/run/my; odd path")
        #expect(session.header?.lmtp == true && session.header?.tls == "tls")
        let records = session.records
        #expect(records.count == entries.count)
        #expect(records.map(\.direction) == entries.map(\.direction))
        #expect(records[3].bytes == entries[3].bytes)  // control bytes, backslash and 0xFF survive
        #expect(records[5].redacted && records[5].text == "AUTH PLAIN [redacted]")
        #expect(!records[4].redacted)
        #expect(records[8].text == "..leading dot, stuffed")
        #expect(records.map(\.lineNumber) == Array(2...entries.count + 1))
        #expect(records.allSatisfy { $0.time != nil })
        #expect(records[6].time == 1_764_000_000.6)
        #expect(records[0].event == .recordingStarted)
        #expect(records[1].event == .connected(target: "mx.example.org:465", address: "192.0.2.1:465"))
        #expect(records[7].event == .authenticated(mechanism: "PLAIN"))
        #expect(records[9].event == .closed(by: .server, reason: nil))
        guard case .tlsEstablished(let details)? = records[2].event else {
            Issue.record("no TLS event: \(String(describing: records[2].event))")
            return
        }
        #expect(details.protocolVersion == "TLSv1.3" && details.verified && details.issuer == "CN=Test CA")
    }

    @Test func anAppendedFileHoldsOneSessionPerHeader() throws {
        var text = String(decoding: written(.text), as: UTF8.self)
        text += TranscriptFormat.text.line(for: header) + "2025-11-24T16:00:01.000Z CLIENT: QUIT\n"
        let transcript = try TranscriptReader.parse(Array(text.utf8), path: "t", format: .text)
        #expect(transcript.sessions.map(\.records.count) == [entries.count, 1])
    }

    @Test func theReferencePageConversationReadsWithoutAHeader() throws {
        let text = "SMTPD: 220 smtp.example.com Service Ready\nCLIENT: HELO client.mydomain.com\n"
        let transcript = try TranscriptReader.parse(Array(text.utf8), path: "t", format: .text)
        #expect(transcript.sessions.first?.header == nil)
        #expect(transcript.sessions.first?.records.map(\.text) == ["220 smtp.example.com Service Ready", "HELO client.mydomain.com"])
    }

    @Test(arguments: [
        ("CLIENT: EHLO x\nHELLO there\n", 2, "is not a transcript line"),
        ("CLIENT: EHLO \\q\n", 1, "Unknown escape"),
        ("CLIENT: EHLO \\x4\n", 1, "two hex digits"),
        ("CLIENT: EHLO x\nSMTPD: 250 cut", 2, "truncated"),
        (
            "# smtpc transcript 2; smtpc 9; target none; started 2026-01-01T00:00:00.000Z; tls none; lmtp no; timestamps no\n", 1,
            "format 2"
        ),
        ("# smtpc transcript 1; smtpc 0.9.0; target none; started yesterday; tls none; lmtp no; timestamps no\n", 1, "not a UTC time"),
        (
            "# smtpc transcript 1; smtpc 0.9.0; target none; started 2026-01-01T00:00:00.000Z; tls none; lmtp no; timestamps yes\n"
                + "CLIENT: EHLO x\n", 2, "has no time"
        ),
        ("2026-13-01T00:00:00.000Z CLIENT: EHLO x\n", 1, "must start with its time"),
    ])
    func malformedTextIsReportedWithItsLine(text: String, line: Int, reason: String) {
        #expect {
            try TranscriptReader.parse(Array(text.utf8), path: "bad.txt", format: .text)
        } throws: { error in
            guard let error = error as? TranscriptReadError else { return false }
            return error.line == line && error.message.contains(reason) && error.description.hasPrefix("bad.txt:\(line): ")
        }
    }

    @Test(arguments: [
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"client\",\"text\":\"x\"", "expected ',' or '}'"),
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"sideways\",\"text\":\"x\"}", "\"direction\""),
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"client\",\"text\":\"x\",\"extra\":1}", "unknown member \"extra\""),
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"client\",\"text\":{\"a\":1}}", "nothing nested"),
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"event\",\"text\":\"x\",\"event\":\"party\"}", "unknown event"),
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"time\":\"2026-01-01T00:00:00.000Z\"}", "no second \"time\""),
        ("{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"client\",\"text\":\"\\ud800\"}", "surrogate"),
        ("[1,2]", "an object"),
    ])
    func malformedJSONLinesAreReportedWithTheirLine(line: String, reason: String) {
        let text = "{\"time\":\"2026-01-01T00:00:00.000Z\",\"direction\":\"client\",\"text\":\"EHLO x\"}\n" + line + "\n"
        #expect {
            try TranscriptReader.parse(Array(text.utf8), path: "bad.jsonl", format: .jsonLines)
        } throws: { error in
            guard let error = error as? TranscriptReadError else { return false }
            return error.line == 2 && error.message.contains(reason)
        }
    }

    @Test func invalidUTF8AndMissingFilesAreClearErrors() {
        #expect(throws: TranscriptReadError.self) {
            try TranscriptReader.parse([0x43, 0x4C, 0xFF, 0x0A], path: "t", format: .text)
        }
        #expect {
            try TranscriptReader.read(path: "/nonexistent/session.txt")
        } throws: { error in
            (error as? TranscriptReadError)?.description.hasPrefix("/nonexistent/session.txt: cannot open") == true
        }
    }

    /// Every truncation of a valid file, and every single-byte corruption of its first
    /// lines, is either read or refused with a line number: nothing crashes.
    @Test(arguments: [TranscriptFormat.text, .jsonLines])
    func truncatedAndCorruptedFilesNeverCrash(format: TranscriptFormat) {
        let bytes = written(format)
        for length in 0...bytes.count {
            _ = try? TranscriptReader.parse(Array(bytes.prefix(length)), path: "t", format: format)
        }
        for index in 0..<min(bytes.count, 600) {
            for replacement: UInt8 in [0x00, 0x0A, 0x22, 0x5C, 0x7B, 0xFF] {
                var corrupted = bytes
                corrupted[index] = replacement
                do {
                    _ = try TranscriptReader.parse(corrupted, path: "t", format: format)
                } catch {
                    #expect(error.line != nil)
                }
            }
        }
    }
}
