import SMTPCore
import SMTPTranscript

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One practice conversation told as transcript entries, from the server's side, to its
/// taps (the `--record-dir` file, the web view, the classroom's database): what the client
/// sent as client lines, AUTH secrets redacted here, once, before any tap sees them; the
/// replies as server lines; connection, TLS and login as events.
///
/// Entries are handed on in groups (`flush`): what one read and its replies made, so that a
/// tap does its work (a lock, a database write) once per group rather than once per line.
final class ConversationTranscriber {
    private let taps: [any ConversationTap]
    private var lines = LineSplitter()
    /// Entries not handed on yet; a long read hands them on every `groupLimit`.
    private var pending: [TranscriptEntry] = []
    private static let groupLimit = 256

    /// A transcriber for a conversation that has just begun; its first entry is the connection.
    init(taps: [any ConversationTap], opening: ConversationOpening) {
        self.taps = taps
        event(.connected(target: opening.server, address: opening.client), at: opening.started)
    }

    /// Bytes from the client: each complete line is one client entry. `inSASL`: the
    /// session is waiting for an answer to a 334, which is a credential.
    func clientBytes(_ bytes: some Collection<UInt8>, inSASL: Bool) {
        // The lines of one read arrived together: one time for all of them.
        let now = Date().timeIntervalSince1970
        for line in lines.lines(in: bytes) {
            record(Self.entry(line, inSASL: inSASL, at: now))
        }
        // A client that never ends its line must not grow this without bound.
        if lines.pending.count > 64 * 1024 {
            record(Self.entry(lines.takePending(), inSASL: inSASL, at: now))
        }
    }

    /// One reply's lines, as sent (`ServerReply.wireLines`).
    func reply(lines: [String]) {
        let now = Date().timeIntervalSince1970
        for line in lines {
            record(TranscriptEntry(direction: .server, bytes: Array(line.utf8), timestamp: now))
        }
    }

    /// What the session reported: a login becomes an event and tells the taps who it is.
    func sessionEvent(_ event: SessionEvent, store: MessageStore) {
        switch event {
        case .authenticated(let user, let mechanism):
            self.event(.authenticated(mechanism: mechanism))
            flush()
            for tap in taps { tap.authenticated(as: user) }
        case .accepted(let id, _, _, _):
            guard let message = store.message(id: id) else { return }
            flush()
            for tap in taps { tap.accepted(message) }
        case .command, .body, .note: break
        }
    }

    func event(_ event: TranscriptEvent, at time: Double = Date().timeIntervalSince1970) {
        record(.event(event, timestamp: time))
    }

    /// The connection closed.
    func close(by closer: TranscriptEvent.Closer) {
        event(.closed(by: closer, reason: nil))
        flush()
        for tap in taps { tap.ended() }
    }

    /// Hands the entries made since the last time to the taps.
    func flush() {
        guard !pending.isEmpty else { return }
        for tap in taps { tap.record(pending) }
        pending.removeAll(keepingCapacity: true)
    }

    private func record(_ entry: TranscriptEntry) {
        pending.append(entry)
        if pending.count >= Self.groupLimit { flush() }
    }

    /// A client line, redacted when it carries a credential: `AUTH MECH …` keeps its verb
    /// and mechanism, an answer to a challenge becomes `[redacted]`.
    private static func entry(_ line: [UInt8], inSASL: Bool, at now: Double) -> TranscriptEntry {
        // Only a line whose first word is AUTH (in any case) is looked at further.
        let head = line.prefix(64).drop { $0 == 0x20 }.prefix(5).map { $0 & 0xDF }
        let words =
            head.starts(with: "AUTH".utf8) && head.count == 5 && head[4] == 0
            ? String(decoding: line.prefix(64), as: UTF8.self).split(separator: " ") : []
        if words.first?.uppercased() == "AUTH", words.count > 2 {
            return TranscriptEntry(
                direction: .client, bytes: line, timestamp: now, isSecret: true,
                redactedText: "AUTH \(VisibleText.escape(String(words[1].prefix(20)))) [redacted]")
        }
        return TranscriptEntry(direction: .client, bytes: line, timestamp: now, isSecret: inSASL)
    }
}

/// `--record-dir`: one conversation written as a text transcript. The header names the
/// server, so `smtpc replay` of the file talks to the practice server again.
final class TranscriptFileTap: ConversationTap {
    let path: String
    private let writer: TranscriptWriter

    /// Opens `DIRECTORY/TIME-CLIENT-NUMBER.txt`; nil (after `report`) when it cannot.
    init?(directory: String, opening: ConversationOpening, report: (String) -> Void) {
        let stamp = ISOTime.format(opening.started).replacing(":", with: "-")
        let safeClient = String(opening.client.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
        path = "\(directory)/\(stamp)-\(safeClient)-\(opening.number).txt"
        let header = TranscriptHeader(
            smtpcVersion: SmtpcVersion.number, target: opening.server, started: opening.started, tls: "none", lmtp: false,
            timestamps: true)
        do {
            writer = try TranscriptWriter(path: path, header: header, timestamps: true)
            if let error = writer.headerError { report("cannot record the conversation: \(error) (it goes on)") }
        } catch {
            report("cannot record the conversation: \(error)")
            return nil
        }
    }

    func record(_ entries: [TranscriptEntry]) {
        for entry in entries { writer.write(entry) }
    }
    func authenticated(as user: String) {}
    func accepted(_ message: StoredMessage) {}
    func ended() { writer.close() }
}
