import SMTPCore
import SMTPTranscript

/// The transcript: started and stopped by `--record` and `/record`, written as the
/// machine's outputs are carried out.
extension ConsoleLoop {
    /// Starts writing a transcript to `path`, replacing any current one; its header names
    /// the current target (or the configured one) and the options that shape the session.
    func startRecording(to path: String, existing: TranscriptWriter.ExistingFile) throws {
        let now = Clock.unixTime()
        let tls: String
        switch configuration.tlsMode {
        case .none: tls = "none"
        case .startTLS: tls = "starttls"
        case .implicit: tls = "tls"
        }
        let header = TranscriptHeader(
            smtpcVersion: SmtpcVersion.number, target: (machine.target ?? configuration.target)?.description, started: now,
            tls: tls, lmtp: configuration.lmtp, timestamps: configuration.recordTimestamps)
        let writer = try TranscriptWriter(
            path: path, header: header, existing: existing, keepSecrets: configuration.recordSecrets,
            timestamps: configuration.recordTimestamps)
        transcript?.close()
        transcript = writer
        transcriptFailed = false
        if let error = writer.headerError {
            transcriptFailed = true
            self.error("\(error.message) (the session goes on)")
        }
        markRecording(true)
        record(.event(.recordingStarted, timestamp: now))
    }

    /// Stops the transcript, if any; returns its path.
    @discardableResult
    func stopRecording() -> String? {
        markRecording(false)
        defer { transcript = nil }
        transcript?.close()
        return transcript?.path
    }

    func record(_ entry: TranscriptEntry) {
        report(transcript?.write(entry))
    }

    /// Tells the user, once, that the transcript cannot be written.
    func report(_ error: TranscriptError?) {
        guard let error else { return }
        if !transcriptFailed {
            transcriptFailed = true
            self.error("\(error.message) (the session goes on)")
        }
    }

    /// Body bytes as one client line each, like typed ones.
    func recordBody(_ bytes: [UInt8]) {
        guard transcript != nil else { return }
        let now = Clock.unixTime()
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            var line = bodyLineTail + bytes[start..<index]
            bodyLineTail = []
            if line.last == 0x0D { line.removeLast() }
            record(TranscriptEntry(direction: .client, bytes: line, timestamp: now))
            start = index + 1
        }
        bodyLineTail += bytes[start...]
    }
}
