import NIOCore
import NIOPosix

extension SMTPConnection {
    /// ``connect(to:options:group:onEvent:)`` for a host name without a task: the name is
    /// resolved (getaddrinfo) on a plain thread of its own, then every address is tried in
    /// turn from futures on the event loop. The future succeeds and fails as the async call
    /// returns and throws; nil when the async call is needed (a proxy, `--local-address`, a
    /// socket path).
    ///
    /// The async call resolves on NIO's blocking thread pool from a task: connecting by name
    /// then started ten more threads than connecting by address (the pool's, the task
    /// pool's) and cost 1.8 ms of a 12.7 ms STARTTLS session (docs/benchmarks.md).
    public static func connectResolvingWithoutTask(
        to endpoint: Endpoint, options: ConnectOptions, group: any EventLoopGroup,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) -> EventLoopFuture<SMTPConnection>? {
        guard options.proxy == nil, options.localAddress == nil, case .tcp(let host, let port) = endpoint else { return nil }
        let tls: PreparedTLS?
        do {
            tls = try preparedTLS(options: options, endpoint: endpoint)
        } catch {
            return group.next().makeFailedFuture(error)
        }
        let promise = group.next().makePromise(of: SMTPConnection.self)
        BackgroundThread.start { [tls] in
            let resolved: Result<[SocketAddress], AddressResolver.Failure>
            do throws(AddressResolver.Failure) {
                resolved = .success(try AddressResolver.resolveBlocking(host: host, port: port))
            } catch {
                resolved = .failure(error)
            }
            let addresses: [SocketAddress]
            do {
                addresses = try chooseAddresses(resolved, host: host, port: port, endpoint: endpoint, family: options.addressFamily)
            } catch {
                promise.fail(error)
                return
            }
            openInTurn(addresses[...], failed: [], endpoint: endpoint, options: options, tls: tls, group: group, onEvent: onEvent)
                .flatMap(handshakeFinished)
                .map { SMTPConnection(endpoint: endpoint, channel: $0.channel, handoff: $0.handoff) }
                .cascade(to: promise)
        }
        return promise.futureResult
    }

    /// Opens the first of `addresses` that answers; each failure is kept for the error.
    private static func openInTurn(
        _ addresses: ArraySlice<SocketAddress>, failed: [ConnectError.Attempt], endpoint: Endpoint,
        options: ConnectOptions, tls: PreparedTLS?, group: any EventLoopGroup,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) -> EventLoopFuture<Opened> {
        guard let address = addresses.first else {
            return group.next().makeFailedFuture(ConnectError.allAttemptsFailed(endpoint: endpoint, attempts: failed))
        }
        return openFuture(address, options: options, tls: tls, group: group, onEvent: onEvent).flatMapError { error in
            openInTurn(
                addresses.dropFirst(), failed: failed + [attempt(failedWith: error, to: address, options: options)],
                endpoint: endpoint, options: options, tls: tls, group: group, onEvent: onEvent)
        }
    }
}
