import NIOCore
import NIOPosix
import SMTPCore
import SMTPTransport

/// Opens connections for the loop, off its thread.
enum ConnectionOpener {
    /// The console's event loop: one thread, made for the run and never shut down.
    ///
    /// One connection at a time needs one loop. NIO's shared group makes a loop per core and
    /// waits until every one of them runs, and answers the runtime's first questions about
    /// its singletons first: the first connection waited for all of it (docs/benchmarks.md,
    /// ninth round).
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Starts the event loop from a thread of its own while this thread goes on with the
    /// start-up, then rehearses a first channel on it (``SMTPConnection/rehearse(on:)``).
    /// A plain thread, not a task: it starts sooner, and the main thread reached the connect
    /// before a task's thread had made the loop (docs/benchmarks.md, ninth round).
    static func startEventLoops() {
        SMTPConnection.rehearsalBegins()
        BackgroundThread.start { SMTPConnection.rehearse(on: group) }
    }

    /// Opens a connection to `target` without a task, when no step needs one: a numeric
    /// address (``SMTPConnection/connectWithoutTask(to:options:group:onEvent:)``) or a host
    /// name resolved on a thread of its own
    /// (``SMTPConnection/connectResolvingWithoutTask(to:options:group:onEvent:)``); nil otherwise.
    static func openWithoutTask(
        _ target: ConnectTarget, options: ConnectOptions, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) -> EventLoopFuture<SMTPConnection>? {
        guard let endpoint = target.endpoint else { return nil }
        return SMTPConnection.connectWithoutTask(to: endpoint, options: options, group: group, onEvent: onEvent)
            ?? SMTPConnection.connectResolvingWithoutTask(to: endpoint, options: options, group: group, onEvent: onEvent)
    }

    /// Opens a connection to `target` (for `--mx`, to the best mail exchanger that answers).
    static func open(
        _ target: ConnectTarget, options: ConnectOptions, dnsServer: String?, inbox: EventInbox,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        if let endpoint = target.endpoint {
            return try await SMTPConnection.connect(to: endpoint, options: options, group: group, onEvent: onEvent)
        }
        switch target {
        case .host, .unix:
            preconditionFailure("a host or a socket has an endpoint")
        case .mx(let domain, let port):
            let resolver = try MXResolver(dnsServer: dnsServer, group: group)
            let lookup = try await resolver.lookup(domain: domain)
            // Names in DNS answers come from the network: shown visible-safe.
            inbox.post(
                .notes(
                    [.text(["--- DNS server \(resolver.server)"] + lookup.lines.map { "    " + VisibleText.escape($0) })]))
            let reached = try await MXResolver.connect(to: lookup, port: port, options: options, group: group, onEvent: onEvent)
            var notes = reached.failedAttempts.map { DisplayEvent.warning(VisibleText.escape($0.message)) }
            notes.append(.event("using \(VisibleText.escape(reached.host.name)) (preference \(reached.host.preference))"))
            inbox.post(.notes(notes))
            return reached.connection
        }
    }
}
