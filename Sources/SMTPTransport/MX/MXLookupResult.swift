/// One mail host of a domain: its preference, its name and the addresses it resolved to.
public struct MXHost: Sendable, Hashable, CustomStringConvertible {
    /// The MX preference: lower is tried first (0 for the implicit MX).
    public let preference: UInt16
    /// The host name, without a trailing dot: `mx.example.com`.
    public let name: String
    /// Numeric addresses, IPv4 (A) first then IPv6 (AAAA), each in the server's order.
    public let addresses: [String]
    /// Why the host has no address (`no such host`, a DNS failure), or nil when it has some.
    public let problem: String?
    /// The DNSSEC status of the address answers (the weaker of A and AAAA), when DNSSEC was asked about.
    public let addressStatus: DNSSECStatus?

    public init(
        preference: UInt16, name: String, addresses: [String], problem: String? = nil,
        addressStatus: DNSSECStatus? = nil
    ) {
        self.preference = preference
        self.name = name
        self.addresses = addresses
        self.problem = problem
        self.addressStatus = addressStatus
    }

    /// `10 mx.example.com (192.0.2.1, 2001:db8::1)`, or the problem in place of the addresses.
    public var description: String {
        let detail = addresses.isEmpty ? (problem ?? "no address") : addresses.joined(separator: ", ")
        return "\(preference) \(name) (\(detail))"
    }
}

/// What the DNS says about where a domain's mail goes (RFC 5321 §5.1, RFC 7505).
public struct MXLookupResult: Sendable, Hashable {
    /// Where the list of hosts came from.
    public enum Source: Sendable, Hashable {
        /// The domain's MX records.
        case mxRecords
        /// The domain has no MX record, so the domain itself is its mail host (its A/AAAA records).
        case implicitMX
        /// The domain publishes a null MX (`0 .`): it accepts no mail, and `hosts` is empty.
        case nullMX
    }

    /// The domain looked up, as given (without a trailing dot).
    public let domain: String
    public let source: Source
    /// The mail hosts in the order to try them: by preference, and for equal preferences in
    /// the order the DNS server listed them.
    ///
    /// RFC 5321 §5.1 allows shuffling equal preferences; keeping the server's order makes
    /// the console's choice repeatable and testable.
    public let hosts: [MXHost]
    /// The DNSSEC status of the MX answer, when DNSSEC was asked about.
    public internal(set) var status: DNSSECStatus? = nil

    /// Whether the domain declared that it accepts no mail (null MX).
    public var acceptsNoMail: Bool { source == .nullMX }

    /// The result for people, one line each: a heading, then one line per host.
    ///
    /// ```
    /// MX records for example.com:
    ///   MX 10 mx1.example.com (192.0.2.1)
    ///   MX 20 mx2.example.com (no such host)
    /// ```
    public var lines: [String] {
        switch source {
        case .nullMX:
            return ["\(domain) accepts no mail: it publishes a null MX (0 .), RFC 7505"]
        case .implicitMX:
            let addresses = hosts.first?.addresses.joined(separator: ", ") ?? ""
            return ["\(domain) has no MX record; its own address is used (implicit MX, RFC 5321 §5.1): \(addresses)"]
        case .mxRecords:
            let count = hosts.count == 1 ? "1 MX record" : "\(hosts.count) MX records"
            return ["\(count) for \(domain):"] + hosts.map { "  MX \($0)" }
        }
    }
}

/// One mail host that was tried and could not be used, with the reason in one line.
public struct MXAttempt: Sendable, Hashable {
    public let host: MXHost
    /// `cannot connect to mx1.example.com port 25 (192.0.2.1): connection refused`.
    public let message: String
}

/// A connection made through an MX lookup: which host answered, and what was tried before it.
public struct MXConnection: Sendable {
    /// The open connection (its endpoint is the host reached, with the port asked for).
    public let connection: SMTPConnection
    /// The host that answered.
    public let host: MXHost
    /// The lookup the hosts came from, for showing the list (``MXLookupResult/lines``).
    public let lookup: MXLookupResult
    /// The hosts tried before, in order, each with why it failed.
    public let failedAttempts: [MXAttempt]
}
