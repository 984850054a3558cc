import Foundation
import Testing

@testable import SMTPTranscript

/// The header line, what happens to an existing file, timestamps and typed events.
@Suite struct RecordingFileTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("smtpc-\(UUID().uuidString)-\(name)").path
    }

    private func header(timestamps: Bool = false) -> TranscriptHeader {
        TranscriptHeader(
            smtpcVersion: "0.9.0", target: "mx.example.org:587", started: 1_764_000_000.5, tls: "starttls", lmtp: false,
            timestamps: timestamps)
    }

    private func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func anExistingTranscriptIsRefusedAppendedToOrReplaced() throws {
        let path = temporaryPath("s.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try TranscriptWriter(path: path, header: header())
        first.write(TranscriptEntry(direction: .client, bytes: Array("EHLO one".utf8), timestamp: 0))
        first.close()

        #expect {
            try TranscriptWriter(path: path, header: header())
        } throws: { error in
            let error = error as? TranscriptError
            return error?.kind == .exists && error?.message.contains("--append") == true
                && error?.message.contains("--force") == true
        }
        #expect(try contents(path).contains("CLIENT: EHLO one"))

        let appended = try TranscriptWriter(path: path, header: header(), existing: .append)
        appended.write(TranscriptEntry(direction: .client, bytes: Array("EHLO two".utf8), timestamp: 0))
        appended.close()
        let twice = try contents(path).split(separator: "\n")
        #expect(twice.count == 4)
        #expect(twice.filter { $0.hasPrefix("# smtpc transcript 1;") }.count == 2)
        #expect(twice[1] == "CLIENT: EHLO one" && twice[3] == "CLIENT: EHLO two")

        let replaced = try TranscriptWriter(path: path, header: header(), existing: .replace)
        replaced.write(TranscriptEntry(direction: .client, bytes: Array("EHLO three".utf8), timestamp: 0))
        replaced.close()
        let once = try contents(path).split(separator: "\n")
        #expect(once.count == 2 && once[1] == "CLIENT: EHLO three")
    }

    @Test(arguments: ["pieces.txt", "pieces.jsonl"])
    func aLineWrittenInPiecesReadsBackWhole(name: String) throws {
        let path = temporaryPath(name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TranscriptWriter(path: path, header: header(timestamps: true), timestamps: true)
        func server(_ bytes: [UInt8], at time: Double = 1_764_000_001) -> TranscriptEntry {
            TranscriptEntry(direction: .server, bytes: bytes, timestamp: time)
        }
        // An é split between two pieces is written as the character, not as two escapes.
        writer.writePiece(server(Array("250 caf".utf8) + [0xC3]), endsLine: false)
        writer.writePiece(server([0xA9] + Array(" \u{1b}[2J \"q\"".utf8), at: 1_764_000_009), endsLine: false)
        writer.writePiece(server(Array(" end".utf8)), endsLine: true)
        // A whole entry while a line is open ends that line first; the rest starts a new one.
        writer.writePiece(server(Array("250 next".utf8)), endsLine: false)
        writer.write(TranscriptEntry(direction: .client, bytes: Array("QUIT".utf8), timestamp: 1_764_000_002))
        writer.writePiece(server(Array(" rest".utf8) + [0xC3]), endsLine: false)
        // Closing ends an open line, with the bytes it held back.
        writer.close()

        let records = try TranscriptReader.read(path: path).sessions.flatMap(\.records)
        #expect(records.map(\.escapedText) == ["250 café \\x1b[2J \"q\" end", "250 next", "QUIT", " rest\\xc3"])
        #expect(records.map(\.direction) == [.server, .server, .client, .server])
        // A line's time is its first piece's.
        #expect(records.first?.time == 1_764_000_001)
        #expect(try contents(path).contains("café"))
    }

    @Test func anEmptyFileOrADeviceIsSimplyWritten() throws {
        let path = temporaryPath("empty.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data())
        _ = try TranscriptWriter(path: path, header: header())
        _ = try TranscriptWriter(path: "/dev/null", header: header())
        #expect(try contents(path).hasPrefix("# smtpc transcript 1;"))
    }

    @Test func timestampsPrefixEachTextLine() throws {
        let entry = TranscriptEntry(direction: .server, bytes: Array("250 OK".utf8), timestamp: 1_764_000_000.123)
        #expect(TranscriptFormat.text.line(for: entry, keepSecrets: false, timestamps: true) == "2025-11-24T16:00:00.123Z SMTPD: 250 OK\n")
        #expect(TranscriptFormat.text.line(for: entry, keepSecrets: false) == "SMTPD: 250 OK\n")
    }

    @Test func theJSONHeaderAndTypedEventsAreObjectsAProgramCanRead() throws {
        let headerLine = TranscriptFormat.jsonLines.line(for: header())
        let headerObject = try #require(try JSONSerialization.jsonObject(with: Data(headerLine.utf8)) as? [String: Any])
        #expect(headerObject["type"] as? String == "header")
        #expect(headerObject["format"] as? Int == 1)
        #expect(headerObject["target"] as? String == "mx.example.org:587")
        #expect(headerObject["tls"] as? String == "starttls")
        #expect(headerObject["started"] as? String == "2025-11-24T16:00:00.500Z")

        let tls = TranscriptEvent.tlsEstablished(
            .init(
                protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", subject: "CN=mx.example.org", issuer: "CN=Test CA",
                verified: true, summary: "TLSv1.3, TLS_AES_256_GCM_SHA384, verified"))
        let line = TranscriptFormat.jsonLines.line(for: .event(tls, timestamp: 0), keepSecrets: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "tls-established")
        #expect(object["protocol"] as? String == "TLSv1.3")
        #expect(object["issuer"] as? String == "CN=Test CA")
        #expect(object["verified"] as? Bool == true)
        #expect(object["text"] as? String == "TLS established: TLSv1.3, TLS_AES_256_GCM_SHA384, verified")

        let closed = TranscriptFormat.jsonLines.line(for: .event(.closed(by: .lost, reason: "reset"), timestamp: 0), keepSecrets: false)
        let closedObject = try #require(try JSONSerialization.jsonObject(with: Data(closed.utf8)) as? [String: Any])
        #expect(closedObject["by"] as? String == "lost" && closedObject["reason"] as? String == "reset")
    }
}
