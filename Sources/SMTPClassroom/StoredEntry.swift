import SMTPTranscript

/// Transcript entries as the database keeps them: each as the JSON Lines line smtpc's
/// transcript writer writes for it, secrets redacted, and read back by the transcript
/// reader, so an entry comes back exactly as from a `.jsonl` transcript file (events
/// typed, times kept, a secret only as its placeholder).
enum StoredEntry {
    /// The line kept for `entry`: a secret's bytes are never in it.
    static func line(_ entry: TranscriptEntry) -> String {
        TranscriptFormat.jsonLines.line(for: entry, keepSecrets: false)
    }

    /// The entries that `lines` stand for, in order; `path` names the database in errors.
    static func entries(_ lines: [String], path: String) throws(TranscriptReadError) -> [TranscriptEntry] {
        var bytes: [UInt8] = []
        for line in lines { bytes += line.utf8 }
        let transcript = try TranscriptReader.parse(bytes, path: path, format: .jsonLines)
        return transcript.sessions.flatMap(\.records).map(entry)
    }

    /// An entry as read back: a redacted line stays marked secret, its placeholder as its text.
    static func entry(_ record: TranscriptRecord) -> TranscriptEntry {
        TranscriptEntry(
            direction: record.direction, bytes: record.bytes, timestamp: record.time ?? 0, isSecret: record.redacted,
            redactedText: record.redacted ? record.text : nil, event: record.event)
    }
}
