#if DEBUG
    @testable import SMTPTranscript

    /// A transcript file from anywhere, in both formats: read or refused with a line number
    /// inside the file and a reason safe to print; what is read, written again in the same
    /// format, reads back to the same lines.
    func fuzzTranscriptReader(_ bytes: [UInt8]) {
        let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        for format in TranscriptFormat.allCases {
            let transcript: Transcript
            do {
                transcript = try TranscriptReader.parse(bytes, path: "fuzz", format: format)
            } catch {
                if let line = error.line { precondition((1...max(1, lineCount)).contains(line), "error on line \(line)") }
                precondition(isTerminalSafe(error.description), "the error shows control characters")
                continue
            }
            var last = 0
            for record in transcript.sessions.flatMap(\.records) {
                precondition(record.lineNumber > last && record.lineNumber <= lineCount, "records out of order")
                last = record.lineNumber
            }
            checkRoundTrip(transcript, format: format)
        }
    }

    /// Every session written again with `TranscriptFormat.line(for:)` reads back as the same
    /// sequence of directions and bytes (redacted lines stay redacted).
    private func checkRoundTrip(_ transcript: Transcript, format: TranscriptFormat) {
        var text = ""
        for session in transcript.sessions {
            if let header = session.header { text += format.line(for: header) }
            for record in session.records {
                let entry: TranscriptEntry
                if let event = record.event {
                    entry = .event(event, timestamp: record.time ?? 0)
                } else {
                    entry = TranscriptEntry(
                        direction: record.direction, bytes: record.bytes, timestamp: record.time ?? 0,
                        isSecret: record.redacted, redactedText: record.redacted ? record.text : nil)
                }
                text += format.line(for: entry, keepSecrets: false, timestamps: record.time != nil)
            }
        }
        let again: Transcript
        do {
            again = try TranscriptReader.parse(Array(text.utf8), path: "again", format: format)
        } catch {
            preconditionFailure("what was read does not read back: \(error)\n\(text)")
        }
        func lines(_ transcript: Transcript) -> [String] {
            transcript.sessions.flatMap { session in
                session.records.map { "\($0.direction) \($0.redacted) \($0.bytes)" }
            }
        }
        precondition(lines(again) == lines(transcript), "a round trip changed the lines:\n\(text)")
    }
#endif
