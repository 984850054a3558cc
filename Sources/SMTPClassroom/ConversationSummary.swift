import SQLiteNIO

/// One conversation as the lists show it.
public struct ConversationSummary: Sendable, Hashable {
    public var id: Int64
    /// The student who logged in; nil when nobody did.
    public var account: String?
    /// The client's address.
    public var client: String
    /// The server's address as the client reached it.
    public var server: String
    /// Seconds since the Unix epoch.
    public var started: Double
    /// Nil while the conversation goes on.
    public var ended: Double?
    /// The state reached, as the caller named it when the conversation finished.
    public var state: String
    /// The last reply line sent, as the transcript writes it.
    public var lastReply: String?
    /// How many transcript entries it has.
    public var entryCount: Int
    /// The bytes it keeps: its transcript lines and its messages.
    public var byteCount: Int

    static let columns = "id, account, client, server, started, ended, state, last_reply, entries, bytes"

    init(row: SQLiteRow) {
        id = Int64(row.int("id"))
        account = row.text("account")
        client = row.text("client") ?? ""
        server = row.text("server") ?? ""
        started = row.double("started") ?? 0
        ended = row.double("ended")
        state = row.text("state") ?? ""
        lastReply = row.text("last_reply")
        entryCount = row.int("entries")
        byteCount = row.int("bytes")
    }
}

/// One stored message as the lists show it (its bytes come with ``ClassroomDatabase/message(id:)``).
public struct StoredMessageSummary: Sendable, Hashable {
    /// The server's id for the message.
    public var id: String
    /// The conversation it came in, while that conversation is kept.
    public var conversation: Int64?
    public var account: String?
    /// The envelope's sender (MAIL FROM).
    public var from: String
    /// The envelope's recipients (RCPT TO).
    public var recipients: [String]
    /// The message's size in bytes.
    public var size: Int
    /// Seconds since the Unix epoch.
    public var received: Double
    /// The message's first bytes (up to `headBytes`), where its header section is: what a list
    /// shows of it, such as its Subject, without reading the whole message.
    public var head: [UInt8]

    /// How much of each message a list reads.
    static let headBytes = 4096

    static let columns = "id, conversation, account, sender, recipients, size, received, substr(data, 1, \(headBytes)) AS head"

    init(row: SQLiteRow) {
        id = row.text("id") ?? ""
        conversation = row.column("conversation")?.integer.map { Int64($0) }
        account = row.text("account")
        from = row.text("sender") ?? ""
        let list = row.text("recipients") ?? ""
        recipients = list.isEmpty ? [] : list.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        size = row.int("size")
        received = row.double("received") ?? 0
        head = row.column("head")?.blob.map { Array($0.readableBytesView) } ?? []
    }
}
