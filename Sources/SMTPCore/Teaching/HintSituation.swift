/// One reply as the hint rules see it: its codes, its text (folded for searching) and
/// the session as it was when the server answered.
struct HintSituation: Sendable {
    /// The three-digit reply code.
    let code: Int
    /// The enhanced status code of the first line that carries one (RFC 2034), if any.
    let enhanced: EnhancedStatusCode?
    /// What the reply answers (`ReplyOutcome.context`).
    let context: ReplyContext
    /// The session before the reply was applied.
    let machine: SessionMachine
    /// The verb of the command answered, when the machine was waiting for it.
    let verb: SMTPVerb?
    /// The reply's text, ASCII-lowercased, lines joined by spaces, at most `textLimit` bytes.
    private let folded: [UInt8]

    /// Enough text to find a telling word; replies can be megabytes, hints must stay cheap.
    static let textLimit = 2048

    init(reply: Reply, context: ReplyContext, machine: SessionMachine) {
        code = reply.code
        enhanced = reply.lines.lazy.compactMap { EnhancedStatusCode.prefix(of: $0.text)?.code }.first
        self.context = context
        self.machine = machine
        // The machine answers replies in order: the head of the queue is the command answered.
        let head = machine.pending.first
        verb = context != .greeting && head?.context == context ? head?.verb : nil
        var text: [UInt8] = []
        for line in reply.lines where text.count < Self.textLimit {
            text += line.text.prefix(Self.textLimit - text.count).map { Self.lowercased($0) }
            text.append(0x20)
        }
        folded = text
    }

    /// `true` when the reply's text contains `word` (give it in lowercase ASCII).
    func mentions(_ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard !needle.isEmpty, needle.count <= folded.count else { return false }
        return (0...(folded.count - needle.count)).contains { start in
            folded[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// `true` when any of `words` is mentioned.
    func mentions(anyOf words: [String]) -> Bool {
        words.contains { mentions($0) }
    }

    /// `true` when the enhanced code is X.`subject`.`detail`, whatever its class.
    func hasEnhanced(_ subject: Int, _ detail: Int) -> Bool {
        enhanced?.subject == subject && enhanced?.detail == detail
    }

    /// 4xx: a transient failure.
    var isTransient: Bool { code / 100 == 4 }
    /// 5xx: a permanent failure.
    var isPermanent: Bool { code / 100 == 5 }

    /// The answered command's name for a hint, e.g. `MAIL FROM`; `nil` if unknown.
    var commandName: String? {
        switch verb {
        case .mail: "MAIL FROM"
        case .rcpt: "RCPT TO"
        case .some(.unknown), nil: nil
        case .some(let verb): verb.rawValue
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
