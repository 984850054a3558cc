import NIOCore
import NIOPosix
import SMTPCore

extension SMTPConnection {
    /// Opens a connection, trying every address of the host in turn.
    ///
    /// With implicit TLS the handshake completes before this returns (its `.tlsEstablished`
    /// event comes first); the banner then arrives as the first `.reply` event. Events may
    /// start before this function returns: `onEvent` should queue them.
    /// - Throws: ``ConnectError`` when no address could be reached, ``TLSError`` when the
    ///   implicit TLS handshake failed (no other address is tried then: the server answered).
    public static func connect(
        to endpoint: Endpoint,
        options: ConnectOptions = ConnectOptions(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        var tls: PreparedTLS?
        if case .implicit(let settings) = options.tls {
            tls = try PreparedTLS.make(settings: settings, endpoint: endpoint)
        }
        var addresses = try await addressesToTry(endpoint: endpoint, family: options.addressFamily)
        if let local = options.localAddress, case .tcp = endpoint {
            // A socket bound to an IPv4 address cannot reach an IPv6 one, nor the reverse.
            let sameFamily = addresses.filter { $0.protocol == local.protocol }
            guard !sameFamily.isEmpty else {
                let found = addresses.map(\.displayAddress).joined(separator: ", ")
                throw ConnectError(
                    kind: .noAddressInFamily, endpoint: endpoint,
                    message: "\(endpoint) has no address of the family of --local-address \(local.displayAddress) "
                        + "(it resolves to \(found))")
            }
            addresses = sameFamily
        }
        return try await connect(to: endpoint, addresses: addresses, options: options, tls: tls, group: group, onEvent: onEvent)
    }

    /// Tries `addresses` in order and returns the first connection that opens (and, with implicit TLS, completes its handshake).
    static func connect(
        to endpoint: Endpoint, addresses: [SocketAddress], options: ConnectOptions, tls: PreparedTLS?,
        group: any EventLoopGroup, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        var attempts: [ConnectError.Attempt] = []
        for address in addresses {
            let channel: any Channel
            let handshake: EventLoopFuture<TLSInfo>?
            do {
                (channel, handshake) = try await open(
                    address, options: options, tls: tls, group: group, onEvent: onEvent)
            } catch {
                var (kind, reason) = SystemErrorText.classify(error, timeout: options.connectTimeout)
                if let local = options.localAddress, let ioError = error as? IOError, ioError.description.contains("bind") {
                    reason = "cannot connect from --local-address \(local.displayAddressWithPort): \(reason)"
                }
                attempts.append(.init(address: address.displayAddress, kind: kind, reason: reason))
                continue
            }
            if let handshake {
                do {
                    _ = try await handshake.get()
                } catch {
                    throw error as? TLSError ?? TLSError(kind: .handshakeFailed, message: "\(error)")
                }
            }
            return SMTPConnection(endpoint: endpoint, channel: channel)
        }
        throw ConnectError.allAttemptsFailed(endpoint: endpoint, attempts: attempts)
    }

    /// The addresses for the endpoint, resolved and filtered by family, or the reason there are none.
    private static func addressesToTry(endpoint: Endpoint, family: AddressFamily) async throws(ConnectError)
        -> [SocketAddress]
    {
        switch endpoint {
        case .unix(let path):
            do {
                return [try SocketAddress(unixDomainSocketPath: path)]
            } catch {
                throw ConnectError(
                    kind: .socketNotFound, endpoint: endpoint,
                    message: "cannot connect to \(endpoint): the path is too long for a unix socket")
            }
        case .tcp(let host, let port):
            let all: [SocketAddress]
            do {
                all = try await AddressResolver.resolve(host: host, port: port)
            } catch {
                let kind: ConnectError.Kind = error.isUnknownName ? .unknownHost : .other
                let what = error.isUnknownName ? "unknown host \(host)" : "cannot resolve \(host)"
                throw ConnectError(kind: kind, endpoint: endpoint, message: "\(what) (port \(port)): \(error.reason)")
            }
            let wanted = AddressResolver.filter(all, family: family)
            guard wanted.isEmpty else { return wanted }
            let found = all.map(\.displayAddress).joined(separator: ", ")
            throw ConnectError(
                kind: all.isEmpty ? .unknownHost : .noAddressInFamily, endpoint: endpoint,
                message: all.isEmpty
                    ? "unknown host \(host) (port \(port)): no address found"
                    : "\(host) has no \(family.displayName) address (it resolves to \(found)); port \(port) not tried")
        }
    }

    /// Connects to one address and builds the pipeline: [TLS sniffer, TLS,] replies.
    ///
    /// The handshake promise is made before connecting, on the loop the channel will use,
    /// so that a handshake failing at once is still reported with its reason.
    private static func open(
        _ address: SocketAddress, options: ConnectOptions, tls: PreparedTLS?, group: any EventLoopGroup,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> (any Channel, EventLoopFuture<TLSInfo>?) {
        let loop = group.next()
        let handshakePromise = tls.map { _ in loop.makePromise(of: TLSInfo.self) }
        let limits = options.parserLimits
        let proxyHeader = options.proxyHeader
        // Large message bodies stream in blocks of a few hundred KiB: a few blocks may wait
        // in the channel before the writer is told to pause (`isWritable`).
        var bootstrap = ClientBootstrap(group: loop)
            .channelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
            .connectTimeout(options.connectTimeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let proxyHeader {
                        // First, next to the socket: the header precedes even a TLS client hello.
                        try pipeline.addHandler(ProxyHeaderWriter(header: proxyHeader, sent: { onEvent(.proxyHeaderSent($0)) }))
                    }
                    var implicitTLS: (TLSHandshake, EventLoopPromise<TLSInfo>)?
                    if let tls, let handshakePromise {
                        let handshake = TLSHandshake(tls)
                        try handshake.install(in: pipeline)
                        implicitTLS = (handshake, handshakePromise)
                    }
                    try pipeline.addHandler(ReplyHandler(limits: limits, deliver: onEvent, implicitTLS: implicitTLS))
                }
            }
        if let local = options.localAddress, address.protocol == local.protocol { bootstrap = bootstrap.bind(to: local) }
        do {
            let channel = try await bootstrap.connect(to: address).get()
            return (channel, handshakePromise?.futureResult)
        } catch {
            // Completing twice is harmless; leaving a promise unfulfilled is not.
            handshakePromise?.fail(error)
            throw error
        }
    }
}
