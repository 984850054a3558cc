import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SMTPCore
import SMTPTransport

/// Fetches a domain's MTA-STS policy as RFC 8461 §3.3 says: HTTPS to `mta-sts.DOMAIN` on
/// port 443, the certificate checked by the Web PKI (or `--cafile`) for that name, no
/// redirect followed, 200 with `text/plain` only, at most 64 KiB.
///
/// The host's address comes from the same resolver as every other answer of the check
/// (so `--dns-server` decides, and a test zone works); the connection then still sends
/// `mta-sts.DOMAIN` as SNI and verifies the certificate for it. One GET on one
/// connection: SwiftNIO's HTTP/1 codec and NIOSSL do the protocol (async-http-client was
/// measured and left out: docs/benchmarks.md, "smtpc check and the start-up budget").
public struct MTASTSFetch: Sendable {
    /// The most of a policy read (RFC 8461 §3.3 suggests 64 KiB).
    public static let maximumSize = 64 * 1024
    /// The policy's place on the host (RFC 8461 §3.3).
    static let path = "/.well-known/mta-sts.txt"

    public let resolver: MXResolver
    public let caFile: String?
    public let timeout: Duration
    let group: any EventLoopGroup

    public init(
        resolver: MXResolver, caFile: String?, timeout: Duration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.resolver = resolver
        self.caFile = caFile
        self.timeout = timeout
        self.group = group
    }

    /// The policy's text, or why it could not be had.
    public func policy(for domain: String) async -> Result<String, PolicyFetchFailure> {
        let host = "mta-sts.\(domain)"
        let url = "https://\(host)\(Self.path)"
        let address: String
        do {
            let lookup = try await resolver.lookup(domain: host)
            guard let first = lookup.hosts.first?.addresses.first, lookup.source == .implicitMX else {
                return .failure(fetchError("\(host) has no address, so \(url) cannot be fetched"))
            }
            address = first
        } catch {
            return .failure(fetchError("cannot find the address of \(host): \(error.message)"))
        }
        let response: PolicyResponse
        do {
            response = try await get(host: host, address: address)
        } catch let error as PolicyResponse.Failure {
            return .failure(fetchError("\(url): \(error.reason)"))
        } catch is NIOSSLError {
            return .failure(webPKI(host))
        } catch is NIOSSLExtraError {
            return .failure(webPKI(host))
        } catch {
            return .failure(fetchError("\(url): cannot connect to \(address) port 443 (\(error))"))
        }
        return response.policy(url: url)
    }

    /// One GET of the policy from `address`, TLS for `host`.
    private func get(host: String, address: String) async throws -> PolicyResponse {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caFile { tls.trustRoots = .file(caFile) }
        let context = try NIOSSLContext(configuration: tls)
        let socketAddress = try SocketAddress(ipAddress: address, port: 443)
        let limit = TimeAmount(timeout)
        // The handler exists before the connection: a handshake refused at once on loopback
        // reaches it even before the connect call returns.
        let eventLoop = group.next()
        let handler = PolicyResponseHandler(limit: Self.maximumSize, eventLoop: eventLoop)
        let channel = try await ClientBootstrap(group: eventLoop)
            .connectTimeout(limit)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLClientHandler(context: context, serverHostname: host))
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(handler)
                }
            }
            .connect(to: socketAddress).get()
        let deadline = channel.eventLoop.scheduleTask(in: limit) {
            handler.fail(PolicyResponse.Failure(reason: "no answer within \(timeout)"), channel: channel)
        }
        defer { deadline.cancel() }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        headers.add(name: "Connection", value: "close")
        headers.add(name: "User-Agent", value: "smtpc/\(SmtpcVersion.number)")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: Self.path, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer { channel.close(promise: nil) }
        return try await handler.response.get()
    }

    private func fetchError(_ message: String) -> PolicyFetchFailure {
        PolicyFetchFailure(type: .stsPolicyFetchError, message: message)
    }

    private func webPKI(_ host: String) -> PolicyFetchFailure {
        let anchors = caFile.map { "the CAs of \($0)" } ?? "the system's CAs"
        return PolicyFetchFailure(
            type: .stsWebPKIInvalid,
            message: "the TLS handshake with \(host) failed: its certificate does not verify for that name by \(anchors)")
    }
}
