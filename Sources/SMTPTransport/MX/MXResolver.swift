import NIOCore
import NIOPosix

/// Finds where a domain's mail goes: its MX records, each host's addresses, or the implicit MX.
///
/// Follows RFC 5321 §5.1: the MX records sorted by preference; no MX record at all means
/// the domain's own A/AAAA records act as a single MX of preference 0; a lone MX whose
/// exchange is the root (`0 .`) is a null MX (RFC 7505), meaning the domain takes no mail.
/// It asks one DNS server of your choice, never the system's getaddrinfo, so that tests
/// and `--dns-server` see exactly what that server says.
public struct MXResolver: Sendable {
    /// The server asked.
    public let server: DNSServer
    /// How long to wait for each DNS answer (a UDP query is retried once).
    public let timeout: Duration
    /// Whether each answer is asked for with DNSSEC and carries its ``DNSSECStatus``.
    ///
    /// A bogus answer is then a result, marked `bogus`, not an error: `smtpc check` reports
    /// it. Without DNSSEC the resolver sees a bogus zone's SERVFAIL and fails the lookup.
    public let asksDNSSEC: Bool
    let client: DNSClient

    /// The most MX hosts resolved and kept; a domain with more lists them beyond any use.
    static let maximumHosts = 16

    /// A resolver asking `server`.
    public init(
        server: DNSServer, timeout: Duration = .seconds(5), dnssec: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.server = server
        self.timeout = timeout
        self.asksDNSSEC = dnssec
        self.client = DNSClient(server: server, timeout: timeout, group: group)
    }

    /// A resolver for a `--dns-server ADDR[:PORT]` value, or for the first nameserver of `/etc/resolv.conf` when nil.
    /// - Throws: ``MXError`` (`.invalidDNSServer`).
    public init(
        dnsServer option: String?, timeout: Duration = .seconds(5), dnssec: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(MXError) {
        let server: DNSServer
        if let option {
            server = try DNSServer(parsing: option)
        } else {
            server = try DNSServer.system()
        }
        self.init(server: server, timeout: timeout, dnssec: dnssec, group: group)
    }

    /// Looks up `domain`'s mail hosts, each with its addresses, in the order to try them.
    ///
    /// A null MX is a result (``MXLookupResult/acceptsNoMail``), not an error, so the
    /// console can show it; a host whose addresses cannot be found stays in the list with
    /// its ``MXHost/problem``.
    /// - Throws: ``MXError``: `.invalidDomain`, `.unknownDomain` (NXDOMAIN), `.noMailHost`
    ///   (neither MX nor A/AAAA), `.timedOut`, `.serverFailure`, `.malformedAnswer`.
    public func lookup(domain: String) async throws(MXError) -> MXLookupResult {
        let name = try dnsName(domain)
        let (response, status) = try await ask(name, .mx)
        try requireSuccess(response, name: name, type: .mx)
        let records = Self.mailExchangers(in: response, for: name)
        if records.isEmpty {
            return try await implicitMX(name, mxStatus: status)
        }
        if records.count == 1, records[0].exchange.isRoot {
            return MXLookupResult(domain: name.description, source: .nullMX, hosts: [], status: status)
        }
        let usable = records.filter { !$0.exchange.isRoot }.prefix(Self.maximumHosts)
        let hosts = await withTaskGroup(of: (Int, MXHost).self) { group in
            for (index, record) in usable.enumerated() {
                group.addTask { (index, await host(record.exchange, preference: record.preference)) }
            }
            var hosts: [(Int, MXHost)] = []
            for await host in group { hosts.append(host) }
            return hosts.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return MXLookupResult(domain: name.description, source: .mxRecords, hosts: hosts, status: status)
    }

    /// One query, with DNSSEC when ``asksDNSSEC``; the status is nil without it.
    func ask(_ name: DNSName, _ type: DNSRecordType) async throws(MXError) -> (DNSResponse, DNSSECStatus?) {
        guard asksDNSSEC else { return (try await client.query(name, type: type), nil) }
        return try await client.validatedQuery(name, type: type)
    }

    /// The MX records answering for `name`: by preference, ties in the server's order, each exchange once.
    static func mailExchangers(in response: DNSResponse, for name: DNSName) -> [(preference: UInt16, exchange: DNSName)] {
        var seen: Set<DNSName> = []
        let records = response.records(of: .mx, for: name).enumerated().compactMap {
            (index, record) -> (index: Int, preference: UInt16, exchange: DNSName)? in
            guard case .mx(let preference, let exchange) = record.data else { return nil }
            return (index, preference, exchange)
        }
        // Sorting on (preference, position) keeps equal preferences in the server's order.
        return records.sorted { ($0.preference, $0.index) < ($1.preference, $1.index) }
            .filter { seen.insert($0.exchange).inserted }
            .map { ($0.preference, $0.exchange) }
    }

    /// No MX record: the domain itself is the mail host, if it has an address (RFC 5321 §5.1).
    private func implicitMX(_ name: DNSName, mxStatus: DNSSECStatus?) async throws(MXError) -> MXLookupResult {
        let (addresses, status) = try await addresses(of: name)
        guard !addresses.isEmpty else {
            throw MXError(
                kind: .noMailHost, domain: name.description,
                message: "\(name) has no MX record and no A or AAAA record: no host receives its mail")
        }
        let host = MXHost(preference: 0, name: name.description, addresses: addresses, addressStatus: status)
        return MXLookupResult(domain: name.description, source: .implicitMX, hosts: [host], status: mxStatus)
    }

    /// One MX host with its addresses, or with the reason it has none.
    private func host(_ exchange: DNSName, preference: UInt16) async -> MXHost {
        do {
            let (addresses, status) = try await addresses(of: exchange)
            return MXHost(
                preference: preference, name: exchange.description, addresses: addresses,
                problem: addresses.isEmpty ? "no A or AAAA record" : nil, addressStatus: status)
        } catch {
            let problem = error.kind == .unknownDomain ? "no such host" : error.message
            return MXHost(preference: preference, name: exchange.description, addresses: [], problem: problem)
        }
    }

    /// The IPv4 then IPv6 addresses of `name`, with the weaker status of the two answers;
    /// an AAAA failure is forgiven when there are IPv4 addresses.
    func addresses(of name: DNSName) async throws(MXError) -> ([String], DNSSECStatus?) {
        // Both questions at once: the AAAA answer is not worth a round trip of its own.
        async let v6Answer = answer(name, .aaaa)
        let (v4, v4Status) = try await answer(name, .a).get()
        try requireSuccess(v4, name: name, type: .a)
        let v4Addresses = v4.records(of: .a, for: name).compactMap { Self.text(of: $0.data) }
        var status = v4Status
        let v6Addresses: [String]
        do {
            let (v6, v6Status) = try await v6Answer.get()
            try requireSuccess(v6, name: name, type: .aaaa)
            v6Addresses = v6.records(of: .aaaa, for: name).compactMap { Self.text(of: $0.data) }
            if let v4Status, let v6Status { status = v4Status.weakest(v6Status) }
        } catch {
            guard !v4Addresses.isEmpty else { throw error }
            v6Addresses = []
        }
        return (v4Addresses + v6Addresses, status)
    }

    /// ``ask(_:_:)`` as a value, for asking two questions at once.
    private func answer(_ name: DNSName, _ type: DNSRecordType) async -> Result<(DNSResponse, DNSSECStatus?), MXError> {
        do {
            return .success(try await ask(name, type))
        } catch {
            return .failure(error)
        }
    }

    /// Throws unless the response code is NOERROR: NXDOMAIN as an unknown domain, others as server failures.
    func requireSuccess(_ response: DNSResponse, name: DNSName, type: DNSRecordType) throws(MXError) {
        switch response.responseCode {
        case .noError:
            return
        case .nameError:
            throw MXError(
                kind: .unknownDomain, domain: name.description,
                message: "unknown domain \(name): DNS server \(server) says it does not exist (NXDOMAIN)")
        default:
            throw MXError(
                kind: .serverFailure, domain: name.description,
                message: "DNS server \(server) could not answer \(name) \(type): \(response.responseCode)")
        }
    }

    /// The numeric text of an A or AAAA record (`192.0.2.1`, `2001:db8::1`).
    static func text(of data: DNSRecordData) -> String? {
        let bytes: [UInt8]
        switch data {
        case .a(let value), .aaaa(let value): bytes = value
        default: return nil
        }
        return (try? SocketAddress(packedIPAddress: ByteBuffer(bytes: bytes), port: 0))?.ipAddress
    }
}
