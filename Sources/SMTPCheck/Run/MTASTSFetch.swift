import AsyncHTTPClient
import NIOCore
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
/// `mta-sts.DOMAIN` as SNI and verifies the certificate for it.
public struct MTASTSFetch: Sendable {
    /// The most of a policy read (RFC 8461 §3.3 suggests 64 KiB).
    public static let maximumSize = 64 * 1024

    public let resolver: MXResolver
    public let caFile: String?
    public let timeout: Duration

    public init(resolver: MXResolver, caFile: String?, timeout: Duration) {
        self.resolver = resolver
        self.caFile = caFile
        self.timeout = timeout
    }

    /// The policy's text, or why it could not be had.
    public func policy(for domain: String) async -> Result<String, PolicyFetchFailure> {
        let host = "mta-sts.\(domain)"
        let url = "https://\(host)/.well-known/mta-sts.txt"
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
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caFile { tls.trustRoots = .file(caFile) }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(timeout), read: TimeAmount(timeout)))
        configuration.dnsOverride = [host: address]
        // One attempt: a refused connection or certificate is the answer, not a reason to retry until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)
        let result = await fetch(url, host: host, with: client)
        try? await client.shutdown()
        return result
    }

    private func fetch(_ url: String, host: String, with client: HTTPClient) async -> Result<String, PolicyFetchFailure> {
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: TimeAmount(timeout))
            guard response.status == .ok else {
                let location = response.headers.first(name: "location").map { " to \($0)" } ?? ""
                let redirect = (300..<400).contains(Int(response.status.code))
                return .failure(
                    fetchError(
                        "\(url) answered \(response.status.code) \(response.status.reasonPhrase)"
                            + (redirect ? ", a redirect\(location), which is not followed (RFC 8461 §3.3)" : "")))
            }
            let type = response.headers.first(name: "content-type") ?? "none"
            guard type.lowercased().split(separator: ";").first.map { String($0).trimmingWhitespace() } == "text/plain" else {
                return .failure(
                    PolicyFetchFailure(type: .stsPolicyInvalid, message: "\(url) is of type \(type), not text/plain"))
            }
            let body = try await response.body.collect(upTo: Self.maximumSize)
            return .success(String(decoding: body.readableBytesView, as: UTF8.self))
        } catch is NIOSSLError {
            return .failure(webPKI(host))
        } catch is NIOSSLExtraError {
            return .failure(webPKI(host))
        } catch let error as HTTPClientError where error == .remoteConnectionClosed || error == .readTimeout {
            return .failure(fetchError("\(url): \(error == .readTimeout ? "no answer within \(timeout)" : "the connection closed")"))
        } catch is NIOTooManyBytesError {
            return .failure(fetchError("\(url) is longer than \(Self.maximumSize / 1024) KiB"))
        } catch {
            return .failure(fetchError("\(url): \(error)"))
        }
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
