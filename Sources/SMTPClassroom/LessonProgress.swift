import SMTPTranscript

/// Which lesson steps a student has reached, computed from their conversations'
/// transcript entries as the practice server records them: client lines, the server's
/// reply lines, events. Pure: no I/O, no clock.
public struct LessonProgress: Sendable, Hashable {
    /// The steps reached.
    public var reached: Set<LessonStep>

    /// The progress shown by `conversations`, oldest first.
    public init(conversations: [[TranscriptEntry]]) {
        reached = Self.compute(conversations: conversations)
    }

    /// The first step, in the lesson's order, not reached yet; nil when all are.
    public var next: LessonStep? { LessonStep.allCases.first { !reached.contains($0) } }

    /// The hint for the next step; nil when every step is reached.
    public var hint: String? { next?.hint }

    /// The steps reached in `conversations` (one student's, oldest first).
    public static func compute(conversations: [[TranscriptEntry]]) -> Set<LessonStep> {
        var reached: Set<LessonStep> = []
        var earlier: Set<[[UInt8]]> = []
        for entries in conversations {
            let analysis = ConversationAnalysis(entries)
            reached.formUnion(analysis.steps)
            if analysis.commandCount >= 3 {
                if earlier.contains(analysis.clientLines) { reached.insert(.transcriptReplayed) }
                earlier.insert(analysis.clientLines)
            }
        }
        return reached
    }
}

/// One conversation read as a server sees it: each reply matched to the command it
/// answers (in order, as PIPELINING requires), message bodies and chunks told apart from
/// commands.
struct ConversationAnalysis {
    private(set) var steps: Set<LessonStep> = []
    /// Every client line, bodies included, as sent (secrets as their placeholders).
    private(set) var clientLines: [[UInt8]] = []
    /// The client lines that were commands.
    private(set) var commandCount = 0

    private enum Mode {
        case commands
        /// Between 354 and the final dot.
        case body
        /// Inside a BDAT chunk: the bytes still to come.
        case chunk(Int)
    }

    private var mode = Mode.commands
    /// The commands sent and not answered yet, first sent first (their verbs, uppercased,
    /// with the rest of the line).
    private var pending: [(verb: String, line: String)] = []
    private var greetingSeen = false
    /// Commands sent since the last reply line.
    private var run = 0
    /// A 334 was the last reply: the next client line is an AUTH answer.
    private var inSASL = false
    /// A RCPT was refused and the client has not sent a command since.
    private var refusalPending = false

    init(_ entries: [TranscriptEntry]) {
        for entry in entries {
            switch entry.direction {
            case .client: client(entry)
            case .server: server(String(decoding: entry.bytes, as: UTF8.self))
            case .event:
                switch entry.event {
                case .tlsEstablished?: steps.insert(.startTLS)
                case .authenticated?: steps.insert(.auth)
                default: break
                }
            }
        }
    }

    private mutating func client(_ entry: TranscriptEntry) {
        clientLines.append(entry.bytes)
        switch mode {
        case .body:
            if entry.bytes == [UInt8(ascii: ".")] {
                mode = .commands
                pending.append((".", "."))
            }
            return
        case .chunk(let remaining):
            let left = remaining - entry.bytes.count - 2
            mode = left > 0 ? .chunk(left) : .commands
            return
        case .commands:
            break
        }
        if inSASL {
            inSASL = false
            return
        }
        let line = String(decoding: entry.bytes, as: UTF8.self)
        let words = line.split(separator: " ", maxSplits: 2)
        let verb = words.first.map { $0.uppercased() } ?? ""
        commandCount += 1
        run += 1
        if run >= 2 { steps.insert(.pipelined) }
        if refusalPending, verb == "RSET" || verb == "RCPT" { steps.insert(.refusedRecipientHandled) }
        refusalPending = false
        pending.append((verb, line))
        if verb == "BDAT", words.count >= 2, let size = Int(words[1]), size > 0 { mode = .chunk(size) }
    }

    private mutating func server(_ line: String) {
        run = 0
        // The server answers a BDAT once it has read the whole chunk.
        if case .chunk = mode { mode = .commands }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else { return }
        // A continuation line (250-...) is part of a reply still going on.
        if bytes.count > 3, bytes[3] == UInt8(ascii: "-") { return }
        guard greetingSeen else {
            greetingSeen = true
            if code == 220 { steps.insert(.greeted) }
            return
        }
        guard !pending.isEmpty else { return }
        let command = pending.removeFirst()
        let success = (200..<300).contains(code)
        switch command.verb {
        case "EHLO" where success: steps.insert(.ehlo)
        case "." where success: steps.insert(.messageAccepted)
        case "BDAT" where success && command.line.uppercased().hasSuffix(" LAST"): steps.insert(.messageAccepted)
        case "DATA" where code == 354: mode = .body
        case "AUTH" where code == 334:
            inSASL = true
            pending.insert(command, at: 0)
        case "AUTH" where code == 235: steps.insert(.auth)
        case "RCPT" where code >= 400: refusalPending = true
        default: break
        }
    }
}
