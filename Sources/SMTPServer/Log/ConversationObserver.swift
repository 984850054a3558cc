import SMTPTranscript

/// Watches every conversation of the practice server as it happens: the web view and the
/// classroom's database (`smtpc serve --web`, `--classroom`). `opened` is called on the
/// connection's event loop when a client connects; the tap it returns is used on that loop
/// only, in order, until `ended`.
public protocol ConversationObserver: Sendable {
    /// A client connected: the tap that sees this conversation.
    func opened(_ conversation: ConversationOpening) -> any ConversationTap
}

/// A conversation as it begins.
public struct ConversationOpening: Sendable, Hashable {
    /// The connection's number, counted from 1 since the server started.
    public let number: Int
    /// The client's address and port (`127.0.0.1:50312`).
    public let client: String
    /// The server's address and port.
    public let server: String
    /// When the client connected, in seconds since the Unix epoch.
    public let started: Double

    /// A conversation as it begins.
    public init(number: Int, client: String, server: String, started: Double) {
        self.number = number
        self.client = client
        self.server = server
        self.started = started
    }
}

/// One conversation, told as it is exchanged: the transcript's entries from the server's
/// side (credentials already redacted), who logged in, the messages accepted.
public protocol ConversationTap: AnyObject {
    /// The next entries, in order: client lines, reply lines, events. They come in groups:
    /// what one read from the client and the replies to it made (at most a few hundred).
    func record(_ entries: [TranscriptEntry])
    /// The client logged in as this account.
    func authenticated(as user: String)
    /// A message was accepted and stored.
    func accepted(_ message: StoredMessage)
    /// The connection closed; nothing follows.
    func ended()
}

/// The class's accounts and their limits (`smtpc serve --classroom`): who may log in, and
/// how much each may do, so that one student cannot crowd out the others. Called on the
/// connections' event loops: every method is quick and thread-safe.
public protocol AccountGate: Sendable {
    /// Whether `password` is `user`'s.
    func verify(user: String, password: String) -> Bool
    /// Takes one of `user`'s connection slots; the reason when they are all in use (421).
    func admitConnection(user: String) -> String?
    /// Gives back the slot `admitConnection` took.
    func releaseConnection(user: String)
    /// Whether `user` may send one more message; the reason when the limit is reached (451).
    func admitMessage(user: String) -> String?
    /// `user` has had one more message accepted.
    func messageAccepted(user: String)
}
