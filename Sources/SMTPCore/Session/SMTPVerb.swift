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
        self =
            line.utf8.withContiguousStorageIfAvailable { Self.verb(in: $0, skippingBlanks: false) }
            ?? Self.verb(in: Array(line.utf8), skippingBlanks: false)
    }

    /// The verb of a command line as a server that skips leading blanks reads it (Postfix
    /// does): what a sent line is taken for, so that ` AUTH PLAIN …` is AUTH — redacted,
    /// kept out of history, its 334 awaited — and not an unknown command to record as is.
    public init(leniently line: some StringProtocol) {
        self =
            line.utf8.withContiguousStorageIfAvailable { Self.verb(in: $0, skippingBlanks: true) }
            ?? Self.verb(in: Array(line.utf8), skippingBlanks: true)
    }

    /// The verb of a line given as bytes (for `/raw` input and replayed transcripts).
    public init(bytes: some Collection<UInt8>) {
        self =
            bytes.withContiguousStorageIfAvailable { Self.verb(in: $0, skippingBlanks: false) }
            ?? Self.verb(in: Array(bytes), skippingBlanks: false)
    }

    private static func verb(in bytes: [UInt8], skippingBlanks: Bool) -> SMTPVerb {
        bytes.withUnsafeBufferPointer { verb(in: $0, skippingBlanks: skippingBlanks) }
    }

    /// The first word, uppercased, is packed into an integer and compared with each verb's
    /// (no verb is longer than eight letters): every line sent goes through here, so no
    /// `String` is built for it.
    private static func verb(in bytes: UnsafeBufferPointer<UInt8>, skippingBlanks: Bool) -> SMTPVerb {
        var index = 0
        if skippingBlanks {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }
        var packed: UInt64 = 0
        var length = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0D || byte == 0x0A || byte == 0x09 { break }
            length += 1
            guard length <= 8, byte < 0x80, byte != 0 else { return .unknown }
            packed = packed << 8 | UInt64(ASCII.uppercased(byte))
            index += 1
        }
        for entry in packedVerbs where entry.packed == packed { return entry.verb }
        return .unknown
    }

    /// Each real verb with its name packed as ``init(bytes:)`` packs a word.
    private static let packedVerbs: [(packed: UInt64, verb: SMTPVerb)] = known.map { verb in
        (verb.rawValue.utf8.reduce(0) { $0 << 8 | UInt64($1) }, verb)
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
