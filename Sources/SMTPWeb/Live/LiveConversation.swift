import SMTPConsole
import SMTPCore
import SMTPServer
import SMTPTranscript

/// One conversation as the web view keeps it in memory while the server runs: its text
/// transcript's lines, the rows `smtpc render`'s renderer made of them, how far it has gone.
struct LiveConversation: Sendable {
    let id: Int64
    let client: String
    /// When it began, to the millisecond, as its transcript's header has it.
    let started: Double
    /// The server's address, as the header names it.
    let server: String
    var account: String?
    /// The transcript's entries after the header. Its text lines are made from them only
    /// when a page or a download asks.
    var entries: [TranscriptEntry] = []
    /// The page's rows, one HTML `<li>` each, escaped: made from `entries` when a page asks
    /// or follows (a conversation nobody watches costs no rendering).
    var rows: [String] = []
    /// How many of `entries` `rows` were made from.
    var rendered = 0
    /// Bytes `entries` take (`keptSize`): at most a quarter of the conversation's bound (rows
    /// take about three times a line).
    var lineBytes = 0
    /// The row saying the rest was not kept has been added.
    var noted = false
    /// Made when a page first asks for rows: a conversation nobody watches costs no renderer.
    var renderer: LiveConversationRows?
    var state = ConversationState()
    /// The messages accepted in it.
    var messages: [MessageListing] = []
    var ended: Double?
    /// Bytes of `lines` and `rows` kept.
    var bytes = 0
    /// Lines not kept because the conversation was over its bound.
    var droppedLines = 0

    init(id: Int64, opening: ConversationOpening) {
        self.id = id
        client = opening.client
        server = opening.server
        // As the file has it (times to the millisecond), so the page and the download agree.
        started = ISOTime.parse(ISOTime.format(opening.started)) ?? opening.started
    }

    /// The transcript's header line, read back as `smtpc render` reads the file's.
    var header: TranscriptHeader {
        let made = TranscriptHeader(
            smtpcVersion: SmtpcVersion.number, target: server, started: started, tls: "none", lmtp: false, timestamps: true)
        return LiveConversationRows.rows(ofTranscript: TranscriptFormat.text.line(for: made))?.0 ?? made
    }

    /// The whole text transcript, as `--record-dir` writes it and `smtpc render` reads it.
    var transcript: String { TranscriptFormat.text.line(for: header) + entries.map(Self.line(for:)).joined() }

    /// An entry's line in the text transcript, with its newline.
    static func line(for entry: TranscriptEntry) -> String {
        TranscriptFormat.text.line(for: entry, keepSecrets: false, timestamps: true)
    }

    /// The bytes an entry is counted as while kept: its own, and what holding it costs (the
    /// entry's fields and its line's time and prefix), so that the bound holds for either.
    static func keptSize(of entry: TranscriptEntry) -> Int {
        entry.bytes.count + (entry.redactedText?.utf8.count ?? 0) + MemoryLayout<TranscriptEntry>.stride + 32
    }

    /// What the list of conversations shows of it.
    var listing: ConversationListing {
        ConversationListing(
            id: id, client: client, started: started, ended: ended, account: account, state: state.summary,
            lastReply: state.lastReply, messages: messages.count, live: ended == nil)
    }
}

/// One row of the list of conversations.
public struct ConversationListing: Sendable, Hashable {
    public let id: Int64
    /// The client's address and port.
    public let client: String
    public let started: Double
    public let ended: Double?
    /// The student it belongs to, once they logged in (classroom).
    public let account: String?
    /// How far it went, in words (`greeted, EHLO, TLS, message accepted`).
    public let state: String
    /// The last reply's last line, visible-safe.
    public let lastReply: String?
    public let messages: Int
    /// Still going on.
    public let live: Bool

    public init(
        id: Int64, client: String, started: Double, ended: Double?, account: String?, state: String, lastReply: String?,
        messages: Int, live: Bool
    ) {
        self.id = id
        self.client = client
        self.started = started
        self.ended = ended
        self.account = account
        self.state = state
        self.lastReply = lastReply
        self.messages = messages
        self.live = live
    }
}

/// One accepted message, as the lists show it.
public struct MessageListing: Sendable, Hashable {
    public let id: String
    public let conversation: Int64
    public let account: String?
    public let from: String
    public let recipients: [String]
    public let size: Int
    public let subject: String?
    public let received: Double

    public init(
        id: String, conversation: Int64, account: String?, from: String, recipients: [String], size: Int, subject: String?,
        received: Double
    ) {
        self.id = id
        self.conversation = conversation
        self.account = account
        self.from = from
        self.recipients = recipients
        self.size = size
        self.subject = subject
        self.received = received
    }
}
