/// What the network layer must do after the session machine has read some input.
///
/// The machine decides; the channel handler only carries the actions out, in order, so
/// the machine can be tested (and fuzzed) with no socket at all.
enum SessionAction: Sendable, Hashable {
    /// Send this reply.
    case reply(ServerReply)
    /// Start the TLS handshake now: the 220 to STARTTLS has just been sent.
    case startTLS
    /// Close the connection (after sending what came before).
    case close
    /// Tell the log what happened.
    case event(SessionEvent)
}

/// Something worth logging inside one connection.
public enum SessionEvent: Sendable, Hashable {
    /// A command line from the client, with SASL secrets replaced by a placeholder.
    case command(String)
    /// A message body (DATA or BDAT chunk) of this many bytes was read.
    case body(byteCount: Int)
    /// A message was accepted and stored under this id.
    case accepted(id: String, from: String, recipients: [String], size: Int)
    /// A remark the server makes about the client's input (e.g. a bare LF was accepted).
    case note(String)
    /// The client logged in as `user` with this SASL mechanism.
    case authenticated(user: String, mechanism: String)
}

/// The envelope of a message: who sent it and to whom (RFC 5321 §2.3.1).
public struct Envelope: Sendable, Hashable {
    /// The MAIL FROM path without brackets; empty for the null reverse-path `<>`.
    public var from: String
    /// The accepted RCPT TO paths, without brackets, in order.
    public var recipients: [String]
    /// The MAIL FROM parameters as sent (`SIZE=123`, `BODY=8BITMIME`…).
    public var mailParameters: [String]
    /// The name the client gave in HELO/EHLO.
    public var clientName: String
    /// The client's IP address.
    public var clientAddress: String
    /// `true` when the message came over TLS.
    public var overTLS: Bool
    /// The authenticated user, if any.
    public var authenticatedUser: String?
}

/// What a greylist says about an envelope.
public enum GreylistDecision: Sendable, Hashable {
    /// Accept: greylisting is off, or the envelope was first seen long enough ago.
    case pass
    /// Defer with 451 4.7.1: retry after this many seconds.
    case deferred(secondsLeft: Int)
}

/// The services a session uses beyond its own state: storing messages, greylisting, time.
///
/// Closures, so the machine stays free of I/O and tests can see and steer what it does.
struct SessionServices: Sendable {
    /// Stores an accepted message; returns its id, or a failure text for a 451 reply.
    var deliver: @Sendable (Envelope, [UInt8]) -> Result<String, DeliveryFailure>
    /// Decides on a (client address, sender, recipient) triple.
    var greylist: @Sendable (_ client: String, _ from: String, _ to: String) -> GreylistDecision
    /// A unique string for a CRAM-MD5 challenge.
    var nonce: @Sendable () -> String
}

/// Why a message could not be stored.
public struct DeliveryFailure: Error, Sendable, Hashable {
    /// A short reason for the reply text.
    public let reason: String
}

/// The settings of one connection, fixed when it is accepted.
struct SessionSettings: Sendable {
    var hostname = "localhost"
    var clientAddress = "127.0.0.1"
    var maxMessageSize = 10 * 1024 * 1024
    var maxRecipients = 100
    var strict = false
    var tlsAvailable = true
    var allowPlainAuth = false
    var requireAuth = false
    var credentials: [Credential] = [.demo]
    /// A classroom's accounts and limits; when set, `credentials` is not used.
    var gate: (any AccountGate)?
    /// Flaky scenario: close, with no reply, after the first RCPT of this connection.
    var dropAfterRCPT = false
    /// The idle timeout, for the 421 text.
    var idleTimeout: Duration = .seconds(300)
}

extension Duration {
    /// The duration as a person says it: `5 s` when whole seconds, else `400 ms`.
    var spoken: String {
        let (seconds, attoseconds) = components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
