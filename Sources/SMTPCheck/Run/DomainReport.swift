import SMTPTransport

/// How much a finding weighs in the verdict.
public enum FindingLevel: String, Sendable, Hashable {
    /// A sender enforcing the policy would not deliver: the check fails.
    case failure
    /// Worth fixing, but mail flows (MTA-STS in testing mode, a host without an address…).
    case warning
    /// For information.
    case note
}

/// One thing the check found, named by its IANA result type where one applies, with what to do.
public struct Finding: Sendable, Hashable {
    public let level: FindingLevel
    public let type: TLSResultType?
    /// The MX host and address concerned, when it is about one.
    public let host: String?
    public let address: String?
    /// What was found, in plain words.
    public let message: String
    /// What to fix, in plain words.
    public let advice: String

    public init(
        _ level: FindingLevel, _ type: TLSResultType?, host: String? = nil, address: String? = nil, _ message: String,
        advice: String
    ) {
        self.level = level
        self.type = type
        self.host = host
        self.address = address
        self.message = message
        self.advice = advice
    }
}

/// One address of one MX host: the session and the verdicts on it.
public struct AddressReport: Sendable {
    public let probe: ProbeResult
    public let dane: DANEOutcome
    /// What the Web PKI check found wrong with the certificate, nil when it verifies.
    public let webPKIProblem: TLSResultType?
    /// The MTA-STS verdict for this host, when the domain has a policy.
    public let mtaSTS: MTASTSOutcome?
}

/// One MX host: its DNS answers and its addresses' sessions.
public struct HostReport: Sendable {
    public let host: MXHost
    /// `_25._tcp.mx.example.com`.
    public let tlsaName: String
    /// The TLSA answer, nil when the lookup failed (``tlsaError`` says why).
    public let tlsa: DNSAnswer<[UInt8]>?
    public let tlsaError: String?
    public let addresses: [AddressReport]
    /// How long the TLSA lookup took.
    public let tlsaDuration: Duration
}

/// What `_mta-sts.DOMAIN` and the policy file said.
public struct MTASTSReport: Sendable {
    /// The TXT record's id, when exactly one valid record was found.
    public let id: String?
    /// The policy, when it was fetched and valid.
    public let policy: MTASTSPolicy?
    /// Why there is no usable policy (a record problem, a fetch error, an invalid policy).
    public let problem: String?
    /// The problem's IANA type: nil for a problem with the TXT record, which leaves the domain without a policy.
    public let problemType: TLSResultType?

    init(id: String?, policy: MTASTSPolicy?, problem: String?, problemType: TLSResultType? = nil) {
        self.id = id
        self.policy = policy
        self.problem = problem
        self.problemType = problemType
    }
}

/// Everything `smtpc check DOMAIN` found.
public struct DomainReport: Sendable {
    public let domain: String
    public let port: Int
    public let mx: MXLookupResult
    public let mxDuration: Duration
    public let hosts: [HostReport]
    public let mtaSTS: MTASTSReport?
    /// The `_smtp._tls` record's report destinations, or the problem with it; nil when there is none.
    public let tlsRPT: Result<TLSRPTRecord, TXTRecordProblem>?
    public let findings: [Finding]
    /// From the first DNS question to the last session's end.
    public let total: Duration

    /// Whether nothing failed.
    public var passed: Bool { !findings.contains { $0.level == .failure } }
    /// Whether some address answered at all (for telling a policy failure from no connection).
    public var reachedAny: Bool {
        hosts.contains { $0.addresses.contains { $0.probe.durations[.connect] != nil } }
    }
}
