import Foundation
import Testing

@testable import SMTPTranscript

@Suite struct TranscriptTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("smtpc-\(UUID().uuidString)-\(name)").path
    }

    static let header = TranscriptHeader(
        smtpcVersion: "0.9.0", target: "smtp.example.com:25", started: 1_700_000_000, tls: "none", lmtp: false, timestamps: false)

    @Test func textFormatMatchesTheReferencePage() throws {
        let path = temporaryPath("t.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TranscriptWriter(path: path, header: Self.header)
        writer.write(.event(.connected(target: "smtp.example.com:25", address: nil), timestamp: 0))
        writer.write(TranscriptEntry(direction: .server, bytes: Array("220 smtp.example.com Service Ready".utf8), timestamp: 1))
        writer.write(TranscriptEntry(direction: .client, bytes: Array("HELO client.mydomain.com".utf8), timestamp: 2))
        writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let header =
            "# smtpc transcript 1; smtpc 0.9.0; target smtp.example.com:25; started 2023-11-14T22:13:20.000Z; "
            + "tls none; lmtp no; timestamps no\n"
        #expect(
            text == header + """
                --- connected to smtp.example.com:25
                SMTPD: 220 smtp.example.com Service Ready
                CLIENT: HELO client.mydomain.com

                """)
    }

    @Test func secretsAreRedactedUnlessKept() throws {
        let secret = TranscriptEntry(direction: .client, bytes: Array("AHVzZXIAcGFzcw==".utf8), timestamp: 0, isSecret: true)
        #expect(TranscriptFormat.text.line(for: secret, keepSecrets: false) == "CLIENT: [redacted]\n")
        #expect(TranscriptFormat.text.line(for: secret, keepSecrets: true) == "CLIENT: AHVzZXIAcGFzcw==\n")
        #expect(!TranscriptFormat.jsonLines.line(for: secret, keepSecrets: false).contains("AHVz"))
    }

    @Test func controlBytesStayOnOneLine() {
        let entry = TranscriptEntry(
            direction: .server, bytes: [0x32, 0x35, 0x30, 0x20, 0x1B, 0x5B, 0x32, 0x4A, 0x0D, 0x5C, 0xFF], timestamp: 0)
        #expect(TranscriptFormat.text.line(for: entry, keepSecrets: false) == "SMTPD: 250 \\x1b[2J\\r\\\\\\xff\n")
    }

    @Test func utf8TextIsKept() {
        let entry = TranscriptEntry(direction: .client, bytes: Array("RCPT TO:<jörg@example.com>".utf8), timestamp: 0)
        #expect(TranscriptFormat.text.line(for: entry, keepSecrets: false) == "CLIENT: RCPT TO:<jörg@example.com>\n")
    }

    @Test func jsonLinesAreValidJSONWithTimeAndDirection() throws {
        let entry = TranscriptEntry(direction: .server, bytes: Array("250 \"ok\"\u{1}".utf8), timestamp: 1_700_000_000.25)
        let line = TranscriptFormat.jsonLines.line(for: entry, keepSecrets: false)
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["direction"] as? String == "server")
        #expect(object["text"] as? String == "250 \"ok\"\\x01")
        #expect(object["time"] as? String == "2023-11-14T22:13:20.250Z")
    }

    @Test func formatFollowsTheExtension() {
        #expect(TranscriptFormat(path: "/tmp/a.jsonl") == .jsonLines)
        #expect(TranscriptFormat(path: "/tmp/a.JSONL") == .jsonLines)
        #expect(TranscriptFormat(path: "/tmp/a.txt") == .text)
        #expect(TranscriptFormat(path: "/tmp/a") == .text)
    }

    @Test func unwritablePathIsAClearError() {
        #expect {
            try TranscriptWriter(path: "/nonexistent-dir/x.txt", header: Self.header)
        } throws: { error in
            (error as? TranscriptError)?.message.contains("/nonexistent-dir/x.txt") == true
        }
    }

    @Test func fileIsPrivate() throws {
        let path = temporaryPath("p.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try TranscriptWriter(path: path, header: Self.header)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
