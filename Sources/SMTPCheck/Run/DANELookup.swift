import SMTPTransport

/// What DANE (RFC 7672) needs from the DNS about one host and port: the TLSA records at
/// `_PORT._tcp.HOST` and the DNSSEC status of the host's addresses, each with its status or
/// why it could not be had. For the console's `/dane` and `--dane`.
public struct DANELookup: Sendable {
    /// The host the records are for (the MX host; the name TLS verifies).
    public let host: String
    public let port: Int
    /// The DNS server asked (`127.0.0.1:53`).
    public let server: String
    /// The TLSA answer, or nil with ``tlsaError``.
    public let tlsa: DNSAnswer<[UInt8]>?
    public let tlsaError: String?
    /// The host's addresses with their DNSSEC status, or nil with ``addressError``.
    public let addresses: DNSAnswer<String>?
    public let addressError: String?

    /// `_25._tcp.mx.example.com`.
    public var owner: String { TLSARecord.owner(host: host, port: port) }

    /// Asks `resolver` (which must ask with DNSSEC) for the TLSA records and the addresses at once.
    public static func run(host: String, port: Int, resolver: MXResolver) async -> DANELookup {
        async let tlsa = answer { () async throws(MXError) in try await resolver.tlsaRecords(TLSARecord.owner(host: host, port: port)) }
        async let addresses = answer { () async throws(MXError) in try await resolver.addressRecords(host) }
        let (records, hostAddresses) = await (tlsa, addresses)
        return DANELookup(
            host: host, port: port, server: "\(resolver.server)", tlsa: records.0, tlsaError: records.1, addresses: hostAddresses.0,
            addressError: hostAddresses.1)
    }

    /// The answer `ask` gives, or why it gave none.
    static func answer<Value>(
        _ ask: () async throws(MXError) -> DNSAnswer<Value>
    ) async -> (DNSAnswer<Value>?, String?) {
        do {
            return (try await ask(), nil)
        } catch {
            return (nil, error.message)
        }
    }

    /// The records that could be read, in the order of the answer.
    public var records: [TLSARecord] { (tlsa?.values ?? []).compactMap { try? TLSARecord(rdata: $0) } }

    /// What the DNS alone decides (``DANEOutcome/dnsVerdict(tlsa:lookupError:addressStatus:)``):
    /// nil when the host has DNSSEC-secure TLSA records and TLS is required.
    public var dnsVerdict: DANEOutcome? {
        DANEOutcome.dnsVerdict(tlsa: tlsa, lookupError: tlsaError, addressStatus: addresses?.status)
    }

    /// The verdict on the TLS session `tls` with the host.
    public func evaluate(_ tls: TLSInfo) -> DANEOutcome {
        DANEOutcome.evaluate(tlsa: tlsa, lookupError: tlsaError, addressStatus: addresses?.status, host: host, tls: tls)
    }

    /// `--dane`'s judge of the handshake, when the records require TLS (``dnsVerdict`` nil).
    public var chainCheck: TLSChainCheck? {
        guard dnsVerdict == nil, let tlsa else { return nil }
        return .dane(tlsa: tlsa, addressStatus: addresses?.status, host: host, owner: owner)
    }
}
