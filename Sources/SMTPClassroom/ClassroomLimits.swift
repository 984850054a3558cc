/// How much one student may use of the practice server and of the database, and the
/// shared bound of the conversations nobody has logged into (the `[limits]` table of
/// `class.toml`; every value has a default, so a server without a class file has them too).
public struct ClassroomLimits: Sendable, Hashable {
    /// Connections one account may hold open at once (`connections`).
    public var connections: Int
    /// Messages accepted from one account over the life of the database (`messages`).
    public var messages: Int
    /// Conversations kept per student; the oldest are dropped first (`conversations`).
    public var conversations: Int
    /// Bytes of transcripts and messages kept per student; the oldest conversations are
    /// dropped first (`bytes`).
    public var bytes: Int
    /// Conversations kept that no student logged into, all clients together (`anonymous_conversations`).
    public var anonymousConversations: Int
    /// Bytes kept of the conversations nobody logged into, all together (`anonymous_bytes`).
    public var anonymousBytes: Int

    /// The defaults: 5 connections, 200 messages, 300 conversations and 8 MiB per student;
    /// 1,000 conversations and 64 MiB for the anonymous ones.
    public init(
        connections: Int = 5, messages: Int = 200, conversations: Int = 300, bytes: Int = 8 << 20,
        anonymousConversations: Int = 1000, anonymousBytes: Int = 64 << 20
    ) {
        self.connections = connections
        self.messages = messages
        self.conversations = conversations
        self.bytes = bytes
        self.anonymousConversations = anonymousConversations
        self.anonymousBytes = anonymousBytes
    }

    /// The TOML key of each limit and where it is kept, in the order the docs list them.
    static var keys: [(String, WritableKeyPath<ClassroomLimits, Int>)] {
        [
            ("connections", \.connections), ("messages", \.messages), ("conversations", \.conversations), ("bytes", \.bytes),
            ("anonymous_conversations", \.anonymousConversations), ("anonymous_bytes", \.anonymousBytes),
        ]
    }
}
