import SMTPCore
import SMTPTranscript

/// How far a conversation has gone, for the list of conversations: read from its transcript
/// lines as they pass, the client's command and the reply that answers it.
public struct ConversationState: Sendable, Hashable {
    /// The steps the list shows, in the order a conversation reaches them.
    public enum Mark: String, Sendable, CaseIterable {
        case greeted
        case ehlo = "EHLO"
        case tls = "TLS"
        case authenticated
        case transaction = "in a transaction"
        case accepted = "message accepted"
    }

    /// The marks reached, one bit each: a state is copied at every group of lines (the tap
    /// keeps one, the hub another), so it holds nothing on the heap but its verbs.
    public struct Marks: Sendable, Hashable {
        private var bits: UInt8 = 0

        public func contains(_ mark: Mark) -> Bool { bits & Self.bit(mark) != 0 }
        mutating func insert(_ mark: Mark) { bits |= Self.bit(mark) }
        mutating func remove(_ mark: Mark) { bits &= ~Self.bit(mark) }

        private static func bit(_ mark: Mark) -> UInt8 {
            switch mark {
            case .greeted: 1
            case .ehlo: 2
            case .tls: 4
            case .authenticated: 8
            case .transaction: 16
            case .accepted: 32
            }
        }
    }

    /// What has been reached.
    public private(set) var marks = Marks()
    /// The last reply's last line, as sent (visible-safe text).
    public private(set) var lastReply: String?
    /// Messages accepted.
    public private(set) var accepted = 0
    /// The verbs of the commands sent and not yet answered, oldest first (pipelining).
    private var waiting: [String] = []
    private var inBody = false

    public init() {}

    /// One more entry of the conversation: a client line, a reply line, TLS coming up.
    /// Read from the bytes as sent (every line of a busy server passes here): only the
    /// verb, the reply code and the last reply line are looked at.
    mutating func record(_ entry: TranscriptEntry) {
        switch entry.direction {
        case .client: client(entry.isSecret ? [] : entry.bytes)
        case .server: server(entry.bytes)
        case .event: if case .tlsEstablished? = entry.event { marks.insert(.tls) }
        }
    }

    private mutating func client(_ line: [UInt8]) {
        if inBody {
            guard line == [0x2E] else { return }
            inBody = false
            waiting.append(".")
            return
        }
        // Verbs are short: 16 bytes tell them apart from anything longer.
        var verb = String(decoding: line.prefix { $0 != 0x20 && $0 != 0x3A }.prefix(16).map(Self.upper), as: UTF8.self)
        if verb == "BDAT" && line.suffix(5).map(Self.upper).elementsEqual(" LAST".utf8) { verb = "BDAT LAST" }
        if waiting.count < 256 { waiting.append(verb) }
    }

    private mutating func server(_ line: [UInt8]) {
        guard line.count == 3 || (line.count > 3 && line[3] == 0x20) else { return }
        lastReply = VisibleText.escape(line)
        let code = line.prefix(3).allSatisfy { (0x30...0x39).contains($0) } ? line.prefix(3).reduce(0) { $0 * 10 + Int($1 - 0x30) } : 0
        let verb = waiting.isEmpty ? "" : waiting.removeFirst()
        switch (verb, code) {
        case ("", 220): marks.insert(.greeted)
        case ("EHLO", 250), ("HELO", 250): marks.insert(.ehlo)
        case ("MAIL", 250): marks.insert(.transaction)
        case ("DATA", 354): inBody = true
        case (".", 250), ("BDAT LAST", 250):
            accepted += 1
            marks.insert(.accepted)
            marks.remove(.transaction)
        case ("RSET", 250): marks.remove(.transaction)
        case ("STARTTLS", 220): waiting.removeAll()
        default: break
        }
    }

    private static func upper(_ byte: UInt8) -> UInt8 { (0x61...0x7A).contains(byte) ? byte - 0x20 : byte }

    /// The client logged in.
    mutating func authenticated() { marks.insert(.authenticated) }

    /// The marks reached, in order, as words.
    public var summary: String {
        let reached = Mark.allCases.filter { marks.contains($0) }
        return reached.isEmpty ? "connected" : reached.map(\.rawValue).joined(separator: ", ")
    }
}
