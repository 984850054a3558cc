import SMTPAuth
import SMTPCore
import SMTPTransport

/// The machine's state as two enums: where the connection stands (``Link``), and the one
/// thing smtpc is doing on the user's behalf (``Activity``). What belongs to a connection
/// lives in its ``Connection`` and goes with it; activities that must never overlap are
/// cases of one enum, so no two can be under way at once.
extension ConsoleMachine {
    /// Where the connection stands.
    enum Link: Sendable {
        case disconnected
        /// The connect call is under way; network events are held until it returns.
        case connecting(Opening)
        case connected(Connection)
        /// Only while a payload is changed in place, so that its arrays are not copied.
        case modifying
    }

    /// A connection being opened.
    struct Opening: Sendable {
        let startedAt: ContinuousClock.Instant
        /// Events that arrived before the connect call returned (the banner, implicit TLS).
        var held: [NetworkInput] = []
        /// `--starttls`'s EHLO (or LHLO), armed for this connection: a 220 greeting starts
        /// the prelude with it as the greeting is handled (``preludeArmed(hello:)``).
        var armedPrelude: String?
    }

    /// A command decided before the reply it answers (the ``Output/arm(_:)`` output):
    /// when the reply `trigger` names arrives, the transport writes `command` (as STARTTLS,
    /// followed by `then` once TLS is up, when `startsTLS`).
    struct PreparedAnswer: Sendable, Equatable {
        let trigger: ArmedAnswer.Trigger
        let command: [UInt8]
        var startsTLS = false
        var then: [UInt8]?
    }

    /// An open connection: what exists only while it does.
    struct Connection: Sendable {
        /// When the connect call started, for the greeting's "N ms".
        let startedAt: ContinuousClock.Instant
        /// The commands sent and not yet answered, by the session's identity.
        var commands: [Int: SentCommand] = [:]
        /// The details of the TLS session, for `/tls` and the prompt.
        var tls: TLSInfo?
        var armedPrelude: String?
        /// The transport wrote the prelude's next command by itself, armed at connect
        /// (``ArmedAnswer``): the prelude records it as sent instead of writing it.
        var answerWritten = false
        /// The mechanism of the last AUTH sent (typed or by `/auth`), for the transcript's
        /// "authenticated" event.
        var authMechanism: String?
        var warnedAboutUnadvertisedPipelining = false
    }

    /// What smtpc is doing on the user's behalf; typed lines wait while it is anything
    /// but `.idle`.
    enum Activity: Sendable {
        case idle
        /// A yes/no question the next typed line answers (not one about a transfer: that
        /// one is the transfer's own, ``Transfer/askingToStop``).
        case asking(Question)
        /// The user's STARTTLS went out armed; the transport's outcome is awaited (even
        /// once the connection closed: a failed STARTTLS closes it first).
        case startTLS
        /// `--starttls`'s prelude; its `.startTLS` step is a STARTTLS in flight.
        case prelude(Prelude)
        /// A `/auth` exchange.
        case auth(AuthRun)
        /// `/send` or `/bdat`.
        case transfer(Transfer)
        /// Only while a payload is changed in place, so that its arrays are not copied.
        case modifying

        var isIdle: Bool {
            if case .idle = self { return true }
            return false
        }
    }

    // MARK: Queries

    var isConnected: Bool {
        if case .connected = link { return true }
        return false
    }

    var isConnecting: Bool {
        if case .connecting = link { return true }
        return false
    }

    /// The open connection, if any.
    var connection: Connection? {
        if case .connected(let connection) = link { return connection }
        return nil
    }

    /// The commands sent on this connection and not yet answered.
    var commands: [Int: SentCommand] { connection?.commands ?? [:] }

    /// The details of the TLS session, for `/tls` and the prompt.
    var tls: TLSInfo? { connection?.tls }

    /// A STARTTLS went out armed (the user's or the prelude's); its outcome is awaited.
    var startTLSInFlight: Bool {
        switch activity {
        case .startTLS: true
        case .prelude(let prelude): prelude.step == .startTLS
        default: false
        }
    }

    var prelude: Prelude? {
        if case .prelude(let prelude) = activity { return prelude }
        return nil
    }

    var auth: AuthRun? {
        if case .auth(let run) = activity { return run }
        return nil
    }

    var transfer: Transfer? {
        if case .transfer(let transfer) = activity { return transfer }
        return nil
    }

    /// A transfer is streaming a file (Ctrl-C asks before stopping it).
    var isTransferring: Bool { transfer != nil }

    /// The yes/no question the next typed line answers.
    var question: Question? {
        switch activity {
        case .asking(let question): question
        case .transfer(let transfer) where transfer.askingToStop: .abortTransfer
        default: nil
        }
    }

    // MARK: Changing a payload in place

    /// Changes the open connection in place (its dictionary is not copied); nil without one.
    @discardableResult
    mutating func withConnection<Value>(_ body: (inout Connection) -> Value) -> Value? {
        guard case .connected(var connection) = link else { return nil }
        link = .modifying
        defer { link = .connected(connection) }
        return body(&connection)
    }

    /// Changes the transfer under way in place; nil without one.
    @discardableResult
    mutating func withTransfer<Value>(_ body: (inout Transfer) -> Value) -> Value? {
        guard case .transfer(var transfer) = activity else { return nil }
        activity = .modifying
        defer { activity = .transfer(transfer) }
        return body(&transfer)
    }

    /// An input the loop's contract rules out: a failed assertion in debug builds (and a
    /// fuzz finding); release builds ignore the input.
    func impossible(_ message: @autoclosure () -> String) {
        assertionFailure("ConsoleMachine: \(message()) (link: \(link), activity: \(activity))")
    }
}
