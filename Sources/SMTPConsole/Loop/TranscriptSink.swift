import SMTPCore
import SMTPTranscript

/// Where the machine's transcript outputs go (`--record`, `/record`): the writer, whether
/// writing it failed (said once), and the part of a body line not yet recorded.
final class TranscriptSink {
    /// The transcript being written, if any.
    private(set) var writer: TranscriptWriter?
    /// Writing failed and the user was told; the session goes on.
    private var failed = false
    /// The part of a body line not yet recorded (body blocks end anywhere).
    private var bodyLineTail: [UInt8] = []
    /// Where the one note that the transcript cannot be written goes.
    var complain: (String) -> Void = { _ in }

    /// A transcript is being written.
    var isRecording: Bool { writer != nil }

    /// Writes to `writer` from now on, closing any transcript before it.
    func start(_ writer: TranscriptWriter) {
        self.writer?.close()
        self.writer = writer
        failed = false
        if let error = writer.headerError {
            failed = true
            complain("\(error.message) (the session goes on)")
        }
    }

    /// Closes the transcript, if any; returns its path.
    func stop() -> String? {
        defer { writer = nil }
        writer?.close()
        return writer?.path
    }

    func record(_ entry: TranscriptEntry) {
        report(writer?.write(entry))
    }

    /// A piece of a server line too long to hold (``ConsoleMachine/Output/recordPiece(_:endsLine:)``).
    func recordPiece(_ entry: TranscriptEntry, endsLine: Bool) {
        report(writer?.writePiece(entry, endsLine: endsLine))
    }

    /// Body bytes as one client line each, like typed ones.
    func recordBody(_ bytes: [UInt8]) {
        guard writer != nil else { return }
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

    /// Tells the user, once, that the transcript cannot be written.
    private func report(_ error: TranscriptError?) {
        guard let error, !failed else { return }
        failed = true
        complain("\(error.message) (the session goes on)")
    }
}
