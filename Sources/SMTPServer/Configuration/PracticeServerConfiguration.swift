/// Everything the practice server can be told: where to listen, what to offer, how to misbehave.
///
/// The defaults are a lenient, well-behaved server on 127.0.0.1:2525 keeping messages in
/// memory; `apply(_:)` switches on a named `Scenario`.
public struct PracticeServerConfiguration: Sendable {
    /// The address to bind: a loopback address only (`127.0.0.1`, `::1`, `localhost`), unless `allowNetwork`.
    public var host = "127.0.0.1"
    /// Listen on any address (`smtpc serve --classroom … --allow-network`): a class on a network.
    public var allowNetwork = false
    /// The port to bind; 0 picks a free one (see `RunningPracticeServer.port`).
    public var port = 1025
    /// The name the server gives itself in its greeting and EHLO reply.
    public var hostname = "localhost"
    /// The scenarios switched on, in the order given.
    public private(set) var scenarios: [Scenario] = []
    /// A maildir to write accepted messages to (tmp/, then renamed into new/); they are kept in memory too.
    public var maildir: String?
    /// Offer AUTH before STARTTLS too (RFC 4954 §4 lets a server refuse it in plaintext; we do by default).
    public var allowPlainAuth = false
    /// Answer MAIL with 530 5.7.0 until the client has authenticated.
    public var requireAuth = false
    /// Offer STARTTLS with a certificate made at start.
    public var tlsEnabled = true
    /// How long a client may stay silent before 421 4.4.2 (RFC 5321 §4.5.3.2.7 suggests 5 minutes).
    public var idleTimeout: Duration = .seconds(300)
    /// The SIZE advertised and enforced, in bytes (RFC 1870).
    public var maxMessageSize = 10 * 1024 * 1024
    /// Recipients per transaction (RFC 5321 §4.5.3.1.8: at least 100).
    public var maxRecipients = 100
    /// Messages kept in memory; the oldest go first.
    public var storeCapacity = 1000
    /// Bytes of message data kept in memory in all; the oldest messages go first.
    public var storeByteCapacity = 64 << 20
    /// Connections served at once; more get 421 4.3.2 and are closed.
    public var maxConnections = 200
    /// Greylisting: when set, a new envelope gets 451 4.7.1 until this long after it was first seen.
    public var greylistDelay: Duration?
    /// Tarpitting: a delay before every reply.
    public var replyDelay: Duration = .zero
    /// Flaky: every second connection (the first, third…) is closed after the first RCPT, with no reply.
    public var dropEveryOtherConnectionAfterRCPT = false
    /// Strict syntax: bare LF, missing angle brackets, a space after the colon and long lines are refused;
    /// PIPELINING is not offered, and talking before the greeting or without waiting for a reply gets
    /// 554 5.5.0 SMTP synchronization error.
    public var strict = false
    /// Strict: how long the greeting waits, so that a client that talks first is caught (as
    /// Postfix's postscreen and Exim's smtp_enforce_sync do).
    public var greetingDelay: Duration = .seconds(1)
    /// The DKIM key records signatures are checked with (`serve --dkim-keys`); a signature
    /// whose key is not there gets `dkim=permerror (no key for signature …)`.
    public var dkimKeys = DKIMKeyZone()
    /// The accounts AUTH accepts.
    public var credentials: [Credential] = [Credential.demo]
    /// When set, every conversation is recorded here as a text transcript, named by the
    /// time it began and the client (`2026-12-03T09-30-00.123Z-127.0.0.1-1.txt`).
    public var recordDirectory: String?
    /// A classroom's accounts and limits (`smtpc serve --classroom`): AUTH checks them instead
    /// of `credentials`, offers PLAIN and LOGIN only, and each account's connections and
    /// messages are limited.
    public var accountGate: (any AccountGate)?
    /// Every conversation is shown to these as it happens (the web view, the classroom's database).
    public var observers: [any ConversationObserver] = []
    /// Called for every connection event, command and reply (from the server's threads).
    public var eventHandler: (@Sendable (ServerEvent) -> Void)?

    /// The default configuration.
    public init() {}

    /// Switches a scenario on and writes its settings.
    public mutating func apply(_ scenario: Scenario) {
        if !scenarios.contains(scenario) { scenarios.append(scenario) }
        scenario.apply(to: &self)
    }
}

/// A user name and password the server accepts for AUTH.
public struct Credential: Sendable, Hashable {
    /// The user name (SASL authentication identity).
    public let user: String
    /// The password, in the clear: these are demo accounts, printed at start.
    public let password: String

    /// An account.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// The demo account printed when the server starts: `learner` / `practice`.
    public static let demo = Credential(user: "learner", password: "practice")
}
