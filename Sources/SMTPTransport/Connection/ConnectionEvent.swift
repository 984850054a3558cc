import SMTPCore

/// Something that happened on a connection, delivered in order from the event loop.
///
/// The console's main thread is busy in a blocking line editor, so events are pushed to
/// a callback (which queues them) rather than pulled.
public enum ConnectionEvent: Sendable {
    /// A complete reply, with the moment its last byte was read (for "N ms after the command").
    case reply(Reply, receivedAt: ContinuousClock.Instant)
    /// Bytes from the server that could not be made into a reply; parsing carries on.
    case parseError(ReplyParseError)
    /// More bytes of a line too long to be a reply, after its `lineTooLong` parse error.
    case overflow(ReplyParser.OverflowPiece)
    /// A TLS handshake completed (implicit TLS at connect, or after STARTTLS).
    case tlsEstablished(TLSInfo)
    /// The socket can take more bytes again (after `SMTPConnection.isWritable` was false).
    case writable
    /// An armed answer (``ConnectOptions/answers``) was written: it answers the reply
    /// delivered next, and is announced first so that whoever handles that reply knows.
    case answerWritten
    /// The PROXY header went out first (`--proxy-protocol`); the text says what it claimed.
    case proxyHeaderSent(String)
    /// The connection is gone; no event follows this one.
    case closed(ClosedReason)
}

/// Why a connection ended.
public enum ClosedReason: Sendable, Hashable, CustomStringConvertible {
    /// The server closed the connection (after its last reply, if any).
    case byServer
    /// We closed it (`close()`).
    case byClient
    /// It failed: reset, TLS error, plaintext injection refused; the text says which.
    case error(String)

    public var description: String {
        switch self {
        case .byServer: return "connection closed by the server"
        case .byClient: return "connection closed"
        case .error(let message): return "connection lost: \(message)"
        }
    }
}

/// The outcome of a STARTTLS attempt that did not fail.
public enum StartTLSOutcome: Sendable {
    /// The server answered 220 and the handshake completed.
    case established(TLSInfo)
    /// The server answered with something other than 220; the connection is unchanged (still plaintext).
    case declined(Reply)
}
