/// The SMTP (and LMTP) command verbs the console knows, read from a typed line.
///
/// Classification only looks at the first word, case-insensitively (RFC 5321 §2.4:
/// verbs are case-insensitive); the line itself is never rewritten.
public enum SMTPVerb: String, CaseIterable, Sendable, Hashable {
    case helo = "HELO"
    case ehlo = "EHLO"
    /// LMTP's greeting command (RFC 2033).
    case lhlo = "LHLO"
    case mail = "MAIL"
    case rcpt = "RCPT"
    case data = "DATA"
    /// CHUNKING (RFC 3030).
    case bdat = "BDAT"
    case rset = "RSET"
    case noop = "NOOP"
    case quit = "QUIT"
    case vrfy = "VRFY"
    case expn = "EXPN"
    case help = "HELP"
    /// RFC 3207.
    case startTLS = "STARTTLS"
    /// RFC 4954.
    case auth = "AUTH"
    /// Anything else: a typo, an extension verb the console does not model, raw bytes.
    case unknown = ""

    /// Every real verb (all cases but `.unknown`).
    public static let known: [SMTPVerb] = allCases.filter { $0 != .unknown }

    /// The verb of a typed line: its first word, compared case-insensitively.
    ///
    /// Leading spaces are not skipped: a server sees them as part of the verb and
    /// rejects the line, so the console must not pretend otherwise.
    public init(line: some StringProtocol) {
        self.init(bytes: Array(line.utf8))
    }

    /// The verb of a command line as a server that skips leading blanks reads it (Postfix
    /// does): what a sent line is taken for, so that ` AUTH PLAIN …` is AUTH — redacted,
    /// kept out of history, its 334 awaited — and not an unknown command to record as is.
    public init(leniently line: some StringProtocol) {
        self.init(line: line.drop { $0 == " " || $0 == "\t" })
    }

    /// The verb of a line given as bytes (for `/raw` input and replayed transcripts).
    public init(bytes: some Collection<UInt8>) {
        let word = bytes.prefix { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A && $0 != 0x09 }
        // No verb is longer than eight letters; reject longer words before building a String.
        guard word.count <= 8, word.allSatisfy({ $0 < 0x80 }) else {
            self = .unknown
            return
        }
        let upper = String(decoding: word.map { ASCII.uppercased($0) }, as: UTF8.self)
        self = SMTPVerb(rawValue: upper).flatMap { $0 == .unknown ? nil : $0 } ?? .unknown
    }

    /// The context in which a reply to this verb is read (see `ReplyContext`).
    ///
    /// `MAIL` and `RCPT` map to `.mailFrom` and `.rcptTo` whatever follows the verb: the
    /// server answers the verb, and a malformed `FROM:` part still gets a reply to MAIL.
    public var replyContext: ReplyContext {
        switch self {
        case .helo: .helo
        case .ehlo: .ehlo
        case .lhlo: .lhlo
        case .mail: .mailFrom
        case .rcpt: .rcptTo
        case .data: .data
        case .bdat: .bdat
        case .rset: .rset
        case .noop: .noop
        case .quit: .quit
        case .vrfy: .vrfy
        case .expn: .expn
        case .help: .help
        case .startTLS: .startTLS
        case .auth: .auth
        case .unknown: .other
        }
    }

    /// `true` for the commands that open a session: HELO, EHLO and LHLO.
    public var isHello: Bool { self == .helo || self == .ehlo || self == .lhlo }
}

/// Small ASCII helpers shared by the session code (no Foundation).
enum ASCII {
    /// The byte with a-z mapped to A-Z; every other byte unchanged.
    static func uppercased(_ byte: UInt8) -> UInt8 {
        (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
    }

    /// The string with ASCII letters uppercased; other characters unchanged.
    static func uppercased(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map { uppercased($0) }, as: UTF8.self)
    }

    /// `true` when `text` starts with `prefix`, ignoring ASCII case.
    static func hasPrefix(_ text: some StringProtocol, _ prefix: some StringProtocol) -> Bool {
        hasPrefix(Array(text.utf8), Array(prefix.utf8))
    }

    /// `true` when the bytes start with `prefix`, ignoring ASCII case.
    static func hasPrefix(_ text: some Collection<UInt8>, _ prefix: some Collection<UInt8>) -> Bool {
        guard text.count >= prefix.count else { return false }
        return zip(text, prefix).allSatisfy { uppercased($0) == uppercased($1) }
    }
}
