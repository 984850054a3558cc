/// One line of a session transcript: what was sent, what was received, or an event.
///
/// Secrets are decided where the entry is made: a client line marked `secret` is never
/// written with its bytes, whatever the format (redaction where the bytes are encoded).
public struct TranscriptEntry: Sendable, Hashable {
    /// Who produced the line.
    public enum Direction: String, Sendable, Hashable {
        /// A line smtpc sent (`CLIENT: `).
        case client
        /// A line the server sent (`SMTPD: `).
        case server
        /// Something that happened (`--- `): connected, TLS established, closed.
        case event
    }

    public let direction: Direction
    /// The line without its terminator (for events: the event's text as UTF-8).
    public let bytes: [UInt8]
    /// When the line crossed the wire, in seconds since the Unix epoch.
    public let timestamp: Double
    /// A credential (AUTH payload, answer to 334): written as `[redacted]` unless the
    /// writer was explicitly asked to keep secrets.
    public let isSecret: Bool
    /// What a secret line is written as when redacted, e.g. `AUTH PLAIN [redacted]` so the
    /// mechanism stays visible; nil writes `[redacted]` alone.
    public let redactedText: String?
    /// For an event, what happened, typed (JSON Lines writes its fields).
    public let event: TranscriptEvent?

    public init(
        direction: Direction, bytes: [UInt8], timestamp: Double, isSecret: Bool = false, redactedText: String? = nil,
        event: TranscriptEvent? = nil
    ) {
        self.direction = direction
        self.bytes = bytes
        self.timestamp = timestamp
        self.isSecret = isSecret
        self.redactedText = redactedText
        self.event = event
    }

    /// An event entry: its text is the event's words.
    public static func event(_ event: TranscriptEvent, timestamp: Double) -> TranscriptEntry {
        TranscriptEntry(direction: .event, bytes: Array(event.text.utf8), timestamp: timestamp, event: event)
    }
}
