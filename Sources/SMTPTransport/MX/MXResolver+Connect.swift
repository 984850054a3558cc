import NIOCore
import NIOPosix

extension MXResolver {
    /// Looks up `domain` and connects to the best of its mail hosts that answers (`--mx DOMAIN`).
    ///
    /// MX records carry no port, so `port` is used for every host (25 for real mail).
    /// - Throws: ``MXError`` from the lookup, `.acceptsNoMail` for a null MX,
    ///   `.allHostsFailed` when no host answered; ``TLSError`` when implicit TLS failed.
    public func connect(
        domain: String, port: Int = 25, options: ConnectOptions = ConnectOptions(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> MXConnection {
        let result = try await lookup(domain: domain)
        return try await Self.connect(to: result, port: port, options: options, group: group, onEvent: onEvent)
    }

    /// Connects to the first host of `lookup` that answers: hosts in order, each of its addresses in turn.
    ///
    /// Addresses are filtered by ``ConnectOptions/addressFamily``. A host that cannot be
    /// reached is recorded in ``MXConnection/failedAttempts`` and the next one tried; an
    /// implicit TLS handshake that fails is thrown at once, as with
    /// ``SMTPConnection/connect(to:options:group:onEvent:)``, since that host did answer.
    /// The connection's endpoint is the MX host name with `port`, so TLS checks that name.
    public static func connect(
        to lookup: MXLookupResult, port: Int = 25, options: ConnectOptions = ConnectOptions(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> MXConnection {
        guard !lookup.acceptsNoMail else {
            throw MXError(kind: .acceptsNoMail, domain: lookup.domain, message: lookup.lines.joined(separator: " "))
        }
        var failed: [MXAttempt] = []
        for host in lookup.hosts {
            let endpoint = Endpoint.tcp(host: host.name, port: port)
            let all = host.addresses.compactMap { try? SocketAddress(ipAddress: $0, port: port) }
            let addresses = AddressResolver.filter(all, family: options.addressFamily)
            guard !addresses.isEmpty else {
                let reason =
                    all.isEmpty
                    ? "\(host.name): \(host.problem ?? "no address")"
                    : "\(host.name) has no \(options.addressFamily.displayName) address; not tried"
                failed.append(MXAttempt(host: host, message: reason))
                continue
            }
            var tls: PreparedTLS?
            if case .implicit(let settings) = options.tls {
                tls = try PreparedTLS.make(settings: settings, endpoint: endpoint)
            }
            do {
                // Through a proxy that resolves names, the MX host's name is what it is asked for.
                let destinations: [ProxyDestination] =
                    options.proxy?.resolvesNames == true ? [.name(host.name, port: port)] : addresses.map { .address($0) }
                let connection = try await SMTPConnection.connect(
                    to: endpoint, destinations: destinations, options: options, tls: tls, group: group, onEvent: onEvent)
                return MXConnection(connection: connection, host: host, lookup: lookup, failedAttempts: failed)
            } catch let error as ConnectError {
                failed.append(MXAttempt(host: host, message: error.message))
            } catch let error as ProxyError where error.kind == .serverUnreachable {
                failed.append(MXAttempt(host: host, message: error.message))
            }
        }
        let reasons = failed.isEmpty ? "it has no mail host" : failed.map(\.message).joined(separator: "; ")
        throw MXError(
            kind: .allHostsFailed, domain: lookup.domain, attempts: failed,
            message: "no mail host of \(lookup.domain) answered on port \(port): \(reasons)")
    }
}
