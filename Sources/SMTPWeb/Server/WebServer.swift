import Hummingbird
import Logging
import NIOCore
import NIOPosix
import SMTPServer
import Synchronization

/// The web view's HTTP server (`smtpc serve --web`): Hummingbird, on the practice server's
/// event loops, in the same process.
public enum WebServer {
    /// What it serves and where.
    public struct Configuration: Sendable {
        /// The address to listen on (loopback unless the classroom allows the network).
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one.
        public var port = 8025
        /// Who may see what.
        public var access = WebAccess.open
        /// The pages' title.
        public var title = "smtpc practice server"
        /// The teacher's table of lesson steps, HTML already escaped (classroom).
        public var progress: (@Sendable () async -> String)?

        public init() {}
    }

    /// Starts listening; returns once the port is bound. Throws `WebServerError` when it cannot.
    public static func start(
        _ configuration: Configuration, hub: LiveHub, store: MessageStore, archive: (any ConversationArchive)? = nil
    ) async throws(WebServerError) -> RunningWebServer {
        let pages = WebPages(
            data: WebData(hub: hub, store: store, archive: archive), title: configuration.title, progress: configuration.progress)
        let router = WebRoutes.router(pages: pages, access: configuration.access)
        let bound = BoundSignal()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? configuration.port)) },
            eventLoopGroupProvider: .shared(NIOSingletons.posixEventLoopGroup),
            logger: Logger(label: "smtpc.web", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task {
            do {
                try await app.run()
            } catch {
                bound.resolve(.failure(error))
            }
            bound.resolve(.failure(WebServerError(description: "the web server stopped")))
        }
        switch await bound.value {
        case .success(let port):
            return RunningWebServer(host: configuration.host, port: port, task: task, hub: hub)
        case .failure(let error):
            task.cancel()
            throw WebServerError(description: "cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
    }
}

/// The web server while it runs.
public final class RunningWebServer: Sendable {
    /// The address it listens on.
    public let host: String
    /// The port it listens on (the chosen one when the configuration said 0).
    public let port: Int
    private let task: Task<Void, Never>
    private let hub: LiveHub

    init(host: String, port: Int, task: Task<Void, Never>, hub: LiveHub) {
        self.host = host
        self.port = port
        self.task = task
        self.hub = hub
    }

    /// `http://host:port`, with brackets around an IPv6 address.
    public var url: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }

    /// Ends the pages' live streams, then the server.
    public func stop() async {
        hub.close()
        task.cancel()
        await task.value
    }
}

/// Why the web server could not start.
public struct WebServerError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// The bound port, or why binding failed: whichever comes first.
private final class BoundSignal: Sendable {
    private let state = Mutex<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Result<Int, any Error>, Never>?)>((nil, nil))

    func resolve(_ result: Result<Int, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<Int, any Error>, Never>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }

    var value: Result<Int, any Error> {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Result<Int, any Error>? in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
