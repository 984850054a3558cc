/// Something that happened in the practice server, for its log.
public struct ServerEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// A client connected from this address and port.
        case connected(peer: String)
        /// Something inside the conversation (a command, a body, a note).
        case session(SessionEvent)
        /// The server sent this reply.
        case reply(ServerReply)
        /// TLS was negotiated with this protocol version and cipher suite.
        case tlsEstablished(String)
        /// The connection ended, with the reason.
        case disconnected(String)
    }

    /// The connection's number, counted from 1 since the server started.
    public let connection: Int
    /// What happened.
    public let kind: Kind

    /// An event.
    public init(connection: Int, kind: Kind) {
        self.connection = connection
        self.kind = kind
    }
}
