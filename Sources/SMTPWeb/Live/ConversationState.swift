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

    /// What has been reached.
    public private(set) var marks: Set<Mark> = []
    /// The last reply's last line, as sent (visible-safe text).
    public private(set) var lastReply: String?
    /// Messages accepted.
    public private(set) var accepted = 0
    /// The verbs of the commands sent and not yet answered, oldest first (pipelining).
    private var waiting: [String] = []
    private var inBody = false

    public init() {}

    /// A line from the client.
    mutating func client(_ text: String) {
        if inBody {
            guard text == "." else { return }
            inBody = false
            waiting.append(".")
            return
        }
        var verb = text.prefix { $0 != " " && $0 != ":" }.uppercased()
        if verb == "BDAT" && text.uppercased().hasSuffix(" LAST") { verb = "BDAT LAST" }
        if waiting.count < 256 { waiting.append(verb) }
    }

    /// A line from the server (`250-…` continues a reply, `250 …` ends it).
    mutating func server(_ text: String) {
        let code = Int(text.prefix(3)) ?? 0
        let ends = text.count == 3 || text.dropFirst(3).first == " "
        guard ends else { return }
        lastReply = text
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

    /// TLS came up, or the client logged in.
    mutating func event(tls: Bool = false, authenticated: Bool = false) {
        if tls { marks.insert(.tls) }
        if authenticated { marks.insert(.authenticated) }
    }

    /// The marks reached, in order, as words.
    public var summary: String {
        let reached = Mark.allCases.filter { marks.contains($0) }
        return reached.isEmpty ? "connected" : reached.map(\.rawValue).joined(separator: ", ")
    }
}
