import Glibc
import SMTPCore
import SMTPTranscript

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One practice conversation written as a text transcript, from the server's side: what
/// the client sent as `CLIENT:` lines (AUTH secrets redacted), the replies as `SMTPD:`
/// lines, connection and TLS as events. The header names the server, so `smtpc replay`
/// of the file talks to the practice server again.
final class ConversationRecorder {
    let path: String
    private let writer: TranscriptWriter
    private var lines = LineSplitter()

    /// Opens `DIRECTORY/TIME-CLIENT-NUMBER.txt`; nil (after `report`) when it cannot.
    init?(directory: String, client: String, number: Int, server: String, report: (String) -> Void) {
        let now = Date().timeIntervalSince1970
        let stamp = ISOTime.format(now).replacing(":", with: "-")
        let safeClient = String(client.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
        path = "\(directory)/\(stamp)-\(safeClient)-\(number).txt"
        let header = TranscriptHeader(
            smtpcVersion: SmtpcVersion.number, target: server, started: now, tls: "none", lmtp: false, timestamps: true)
        do {
            writer = try TranscriptWriter(path: path, header: header, timestamps: true)
            if let error = writer.headerError { report("cannot record the conversation: \(error) (it goes on)") }
        } catch {
            report("cannot record the conversation: \(error)")
            return nil
        }
        record(.event(.connected(target: server, address: client), timestamp: now))
    }

    /// Bytes from the client: each complete line is one `CLIENT:` entry. `inSASL`: the
    /// session is waiting for an answer to a 334, which is a credential.
    func clientBytes(_ bytes: some Collection<UInt8>, inSASL: Bool) {
        for line in lines.lines(in: bytes) {
            record(Self.entry(line, inSASL: inSASL))
        }
        // A client that never ends its line must not grow this without bound.
        if lines.pending.count > 64 * 1024 {
            record(Self.entry(lines.takePending(), inSASL: inSASL))
        }
    }

    /// One reply's lines, as sent.
    func reply(_ reply: ServerReply) {
        let now = Date().timeIntervalSince1970
        for line in reply.wireLines {
            record(TranscriptEntry(direction: .server, bytes: Array(line.utf8), timestamp: now))
        }
    }

    func event(_ event: TranscriptEvent) {
        record(.event(event, timestamp: Date().timeIntervalSince1970))
    }

    func close() { writer.close() }

    private func record(_ entry: TranscriptEntry) { writer.write(entry) }

    /// A client line, redacted when it carries a credential: `AUTH MECH …` keeps its verb
    /// and mechanism, an answer to a challenge becomes `[redacted]`.
    private static func entry(_ line: [UInt8], inSASL: Bool) -> TranscriptEntry {
        let now = Date().timeIntervalSince1970
        let words = String(decoding: line.prefix(64), as: UTF8.self).split(separator: " ")
        if words.first?.uppercased() == "AUTH", words.count > 2 {
            return TranscriptEntry(
                direction: .client, bytes: line, timestamp: now, isSecret: true,
                redactedText: "AUTH \(VisibleText.escape(String(words[1].prefix(20)))) [redacted]")
        }
        return TranscriptEntry(direction: .client, bytes: line, timestamp: now, isSecret: inSASL)
    }
}
