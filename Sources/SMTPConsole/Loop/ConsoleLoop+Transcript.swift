import SMTPCore
import SMTPTranscript

/// The transcript: started and stopped by `--record` and `/record`; the machine's outputs
/// are written to it by the ``TranscriptSink``.
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
        transcript.start(writer)
        markRecording(true)
        transcript.record(.event(.recordingStarted, timestamp: now))
    }

    /// Stops the transcript, if any; returns its path.
    @discardableResult
    func stopRecording() -> String? {
        markRecording(false)
        return transcript.stop()
    }
}
