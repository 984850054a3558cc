import SMTPTransport

/// The loop's side of the current connection: the connection once the connect call
/// returned, the number its events are tagged with (events of an earlier one are
/// dropped), and what exists only for it. A new connect starts a new one.
struct LoopLink {
    var connection: SMTPConnection?
    /// Why the last connect call failed, for the exit status.
    var failure: (any Error)?
    /// The current connection's number: events of an earlier one are dropped.
    var generation = 0
    /// Replies received on the current connection (for ``ConnectOptions/answerWindow``).
    var repliesReceived = 0
    /// Stops reading from the server while this much of what it sent waits to be handled
    /// (``ReadGate``): one per connection.
    var readGate: ReadGate?
    /// The TLS context for the prelude's STARTTLS, built on another thread while the console
    /// connects, greets and says EHLO.
    var tlsAhead: TLSContextAhead?
    /// Where the machine's prepared answers go for the event loop (``AnswerSlot``).
    var answers: AnswerSlot?
    /// The TLS settings of this connection when they are not the configuration's: `--dane`'s,
    /// the chain judged by the host's TLSA records.
    var tlsSettings: TLSSettings?
}
