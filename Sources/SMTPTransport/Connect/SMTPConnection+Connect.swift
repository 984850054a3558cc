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
        let tls = try preparedTLS(options: options, endpoint: endpoint)
        if let proxy = options.proxy, proxy.resolvesNames, case .tcp(let host, let port) = endpoint {
            // socks5h:// and http://: the proxy resolves the name; smtpc does not look it up.
            return try await connect(
                to: endpoint, destinations: [.name(host, port: port)], options: options, tls: tls, group: group, onEvent: onEvent)
        }
        var addresses = try await addressesToTry(endpoint: endpoint, family: options.addressFamily)
        if let local = options.localAddress, options.proxy == nil, case .tcp = endpoint {
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
        return try await connect(
            to: endpoint, destinations: addresses.map { .address($0) }, options: options, tls: tls, group: group, onEvent: onEvent)
    }

    /// Tries `destinations` in order (directly, or each through the proxy) and returns the
    /// first connection that opens (and, with implicit TLS, completes its handshake).
    static func connect(
        to endpoint: Endpoint, destinations: [ProxyDestination], options: ConnectOptions, tls: PreparedTLS?,
        group: any EventLoopGroup, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        if let proxy = options.proxy {
            return try await connect(
                to: endpoint, through: proxy, destinations: destinations, options: options, tls: tls, group: group, onEvent: onEvent)
        }
        var attempts: [ConnectError.Attempt] = []
        for case .address(let address) in destinations {
            let opened: Opened
            do {
                opened = try await open(address, options: options, tls: tls, group: group, onEvent: onEvent)
            } catch {
                attempts.append(attempt(failedWith: error, to: address, options: options))
                continue
            }
            try await finishHandshake(opened)
            return SMTPConnection(endpoint: endpoint, channel: opened.channel, handoff: opened.handoff)
        }
        throw ConnectError.allAttemptsFailed(endpoint: endpoint, attempts: attempts)
    }

    /// A failed attempt to reach `address`, in the user's words.
    static func attempt(failedWith error: any Error, to address: SocketAddress, options: ConnectOptions)
        -> ConnectError.Attempt
    {
        var (kind, reason) = SystemErrorText.classify(error, timeout: options.connectTimeout)
        if let local = options.localAddress, let ioError = error as? IOError, ioError.description.contains("bind") {
            reason = "cannot connect from --local-address \(local.displayAddressWithPort): \(reason)"
        }
        return .init(address: address.displayAddress, kind: kind, reason: reason)
    }

    /// ``connect(to:options:group:onEvent:)`` without a task, when none of its steps needs
    /// one: a numeric address (nothing to resolve) and no proxy. The future succeeds and
    /// fails as the async call returns and throws; nil when the async call is needed.
    ///
    /// A task costs the console a thread of the task pool, started at the connect, and a hop
    /// through it for the outcome (docs/benchmarks.md, ninth round).
    public static func connectWithoutTask(
        to endpoint: Endpoint, options: ConnectOptions, group: any EventLoopGroup,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) -> EventLoopFuture<SMTPConnection>? {
        guard options.proxy == nil, case .tcp(let host, let port) = endpoint,
            let address = AddressResolver.numericAddress(host, port: port),
            !AddressResolver.filter([address], family: options.addressFamily).isEmpty,
            options.localAddress.map({ $0.protocol == address.protocol }) ?? true
        else { return nil }
        let tls: PreparedTLS?
        do {
            tls = try preparedTLS(options: options, endpoint: endpoint)
        } catch {
            return group.next().makeFailedFuture(error)
        }
        return openFuture(address, options: options, tls: tls, group: group, onEvent: onEvent)
            .flatMapErrorThrowing { error in
                throw ConnectError.allAttemptsFailed(
                    endpoint: endpoint, attempts: [attempt(failedWith: error, to: address, options: options)])
            }
            .flatMap(handshakeFinished)
            .map { SMTPConnection(endpoint: endpoint, channel: $0.channel, handoff: $0.handoff) }
    }

    /// Connects to the proxy (each of its addresses in turn) and asks it for each
    /// destination in turn until one opens; a failure of the proxy itself ends the search.
    private static func connect(
        to endpoint: Endpoint, through proxy: Proxy, destinations: [ProxyDestination], options: ConnectOptions,
        tls: PreparedTLS?, group: any EventLoopGroup, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        let proxyAddresses = try await addresses(of: proxy, options: options)
        var unreachable: [String] = []
        for destination in destinations {
            var failures: [String] = []
            for address in proxyAddresses {
                let opened: Opened
                do {
                    opened = try await open(
                        address, options: options, tls: tls, tunnel: ProxyNegotiation(proxy: proxy, destination: destination),
                        group: group, onEvent: onEvent)
                } catch {
                    let (_, reason) = SystemErrorText.classify(error, timeout: options.connectTimeout)
                    failures.append(proxyAddresses.count == 1 ? reason : "\(address.displayAddressWithPort): \(reason)")
                    continue
                }
                do {
                    try await opened.tunnel?.get()
                } catch let error as ProxyError where error.kind == .serverUnreachable && destination != destinations.last {
                    unreachable.append(error.message)
                    break
                }
                try await finishHandshake(opened)
                return SMTPConnection(endpoint: endpoint, channel: opened.channel, via: proxy, handoff: opened.handoff)
            }
            guard failures.count < proxyAddresses.count else {
                throw ProxyError(
                    kind: .unreachable,
                    message: "cannot connect to the \(proxy.kind.displayName) \(proxy.host) port \(proxy.port): "
                        + failures.joined(separator: "; "))
            }
        }
        throw ProxyError(kind: .serverUnreachable, message: unreachable.joined(separator: "; "))
    }

    /// The proxy's addresses (of the family of `--local-address`, when given).
    private static func addresses(of proxy: Proxy, options: ConnectOptions) async throws -> [SocketAddress] {
        let all: [SocketAddress]
        do {
            all = try await AddressResolver.resolve(host: proxy.host, port: proxy.port)
        } catch {
            throw ProxyError(
                kind: .unreachable,
                message: "cannot resolve the \(proxy.kind.displayName) \(proxy.host): \(error.reason)")
        }
        var wanted = AddressResolver.filter(all, family: options.addressFamily)
        if let local = options.localAddress { wanted = wanted.filter { $0.protocol == local.protocol } }
        guard !wanted.isEmpty else {
            throw ProxyError(
                kind: .unreachable,
                message: "the \(proxy.kind.displayName) \(proxy.host) has no address of the family asked for "
                    + "(it resolves to \(all.map(\.displayAddress).joined(separator: ", ")))")
        }
        return wanted
    }

    /// Waits for the implicit TLS handshake, if there is one.
    private static func finishHandshake(_ opened: Opened) async throws {
        _ = try await handshakeFinished(opened).get()
    }

    /// `opened` once its implicit TLS handshake, if there is one, has completed; a failed
    /// handshake fails as a ``TLSError``.
    static func handshakeFinished(_ opened: Opened) -> EventLoopFuture<Opened> {
        guard let handshake = opened.handshake else { return opened.channel.eventLoop.makeSucceededFuture(opened) }
        return handshake.map { _ in opened }.flatMapErrorThrowing { error in
            throw error as? TLSError ?? TLSError(kind: .handshakeFailed, message: "\(error)")
        }
    }

    /// Implicit TLS's context, made before connecting; nil without implicit TLS.
    static func preparedTLS(options: ConnectOptions, endpoint: Endpoint) throws -> PreparedTLS? {
        guard case .implicit(let settings) = options.tls else { return nil }
        return try PreparedTLS.make(settings: settings, endpoint: endpoint)
    }

    /// A channel just connected, with what is still under way on it.
    struct Opened: Sendable {
        let channel: any Channel
        /// Completes when the proxy tunnel is open (nil without a proxy).
        let tunnel: EventLoopFuture<Void>?
        /// Completes when the implicit TLS handshake is done (nil without implicit TLS).
        let handshake: EventLoopFuture<TLSInfo>?
        /// Shared by the reply handler and the connection (with an answer window).
        let handoff: WriteHandoff?
    }

    /// Connects to one address and builds the pipeline: [proxy tunnel,] [PROXY header,]
    /// [TLS sniffer, TLS,] replies.
    ///
    /// The promises are made before connecting, on the loop the channel will use, so that
    /// a tunnel or handshake failing at once is still reported with its reason.
    private static func open(
        _ address: SocketAddress, options: ConnectOptions, tls: PreparedTLS?, tunnel: ProxyNegotiation? = nil,
        group: any EventLoopGroup, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> Opened {
        try await openFuture(address, options: options, tls: tls, tunnel: tunnel, group: group, onEvent: onEvent).get()
    }

    /// ``open(_:options:tls:tunnel:group:onEvent:)`` as a future.
    static func openFuture(
        _ address: SocketAddress, options: ConnectOptions, tls: PreparedTLS?, tunnel: ProxyNegotiation? = nil,
        group: any EventLoopGroup, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) -> EventLoopFuture<Opened> {
        awaitRehearsal()
        let loop = group.next()
        let handshakePromise = tls.map { _ in loop.makePromise(of: TLSInfo.self) }
        let tunnelPromise = tunnel.map { _ in loop.makePromise(of: Void.self) }
        let limits = options.parserLimits
        let proxyHeader = options.proxyHeader
        let tunnelTimeLimit = options.connectTimeout.timeAmount
        let handoff = options.answerWindow.map(WriteHandoff.init(window:))
        let answers = options.answers
        let gate = options.readGate
        // Large message bodies stream in blocks of a few hundred KiB: a few blocks may wait
        // in the channel before the writer is told to pause (`isWritable`).
        var bootstrap = ClientBootstrap(group: loop)
            .channelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
            .connectTimeout(options.connectTimeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tunnel, let tunnelPromise {
                        // A proxy writes its last answer and the server's first bytes in two
                        // small writes; microsocks leaves Nagle's algorithm on, so the second
                        // waits for our acknowledgement of the first (43 ms, delayed).
                        try pipeline.addHandler(PromptAcknowledgement())
                        // Next to the socket: the rest of the pipeline sees the connection open
                        // only when the proxy has connected it to the server.
                        try pipeline.addHandler(
                            ProxyTunnelHandler(negotiation: tunnel, opened: tunnelPromise, timeLimit: tunnelTimeLimit))
                    }
                    if let proxyHeader {
                        // Before TLS: the header precedes even a TLS client hello.
                        try pipeline.addHandler(ProxyHeaderWriter(header: proxyHeader, sent: { onEvent(.proxyHeaderSent($0)) }))
                    }
                    var implicitTLS: (TLSHandshake, EventLoopPromise<TLSInfo>)?
                    if let tls, let handshakePromise {
                        let handshake = TLSHandshake(tls)
                        try handshake.install(in: pipeline, building: true)
                        implicitTLS = (handshake, handshakePromise)
                    }
                    try pipeline.addHandler(
                        ReplyHandler(
                            limits: limits, deliver: onEvent, implicitTLS: implicitTLS, handoff: handoff, answers: answers,
                            gate: gate))
                }
            }
        if let local = options.localAddress, address.protocol == local.protocol { bootstrap = bootstrap.bind(to: local) }
        return bootstrap.connect(to: address)
            .map { channel in
                if let tunnelPromise {
                    // A tunnel that fails never lets the handshake start: its waiter learns why.
                    tunnelPromise.futureResult.whenFailure { handshakePromise?.fail($0) }
                }
                return Opened(
                    channel: channel, tunnel: tunnelPromise?.futureResult, handshake: handshakePromise?.futureResult,
                    handoff: handoff)
            }
            .flatMapErrorThrowing { error in
                // Completing twice is harmless; leaving a promise unfulfilled is not.
                handshakePromise?.fail(error)
                tunnelPromise?.fail(error)
                throw error
            }
    }
}
