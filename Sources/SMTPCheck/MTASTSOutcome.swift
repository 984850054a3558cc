/// What was found wrong with one MX host under an MTA-STS policy (RFC 8461 §4, §5).
public enum MTASTSFinding: Equatable, Sendable {
    /// The host matches none of the policy's `mx` patterns.
    case noPatternMatch
    /// The host did not offer STARTTLS, or the TLS session failed.
    case noSTARTTLS
    /// The host's certificate does not verify for its name by the Web PKI; the caller names
    /// how (`certificate-host-mismatch`, `certificate-expired`, `certificate-not-trusted`).
    case certificateInvalid(TLSResultType)

    /// The finding's IANA result type for a report. An MX host outside the policy has no type
    /// of its own in the registry: it is a `validation-failure`.
    public var resultType: TLSResultType {
        switch self {
        case .noPatternMatch: .validationFailure
        case .noSTARTTLS: .starttlsNotSupported
        case .certificateInvalid(let type): type
        }
    }
}

/// The verdict of an MTA-STS policy for one MX host.
public enum MTASTSOutcome: Equatable, Sendable {
    /// Nothing wrong, or mode `none`.
    case pass
    /// Mode `testing`: a sender delivers anyway and reports these.
    case warning([MTASTSFinding])
    /// Mode `enforce`: a sender does not deliver to this host.
    case failure([MTASTSFinding])
}

extension MTASTSPolicy {
    /// What is wrong with the MX host `host` under this policy, in the order of the checks:
    /// its name against the patterns, then STARTTLS, then its certificate (`certificateProblem`
    /// is `nil` when it verified, and is not looked at without STARTTLS).
    public func findings(mxHost host: String, offeredSTARTTLS: Bool, certificateProblem: TLSResultType?) -> [MTASTSFinding] {
        var findings: [MTASTSFinding] = allows(mxHost: host) ? [] : [.noPatternMatch]
        if !offeredSTARTTLS {
            findings.append(.noSTARTTLS)
        } else if let certificateProblem {
            findings.append(.certificateInvalid(certificateProblem))
        }
        return findings
    }

    /// The verdict for an MX host with these findings: a failure in mode `enforce`, a warning
    /// in mode `testing`, a pass in mode `none` or when there are none.
    public func outcome(for findings: [MTASTSFinding]) -> MTASTSOutcome {
        guard !findings.isEmpty else { return .pass }
        switch mode {
        case .enforce: return .failure(findings)
        case .testing: return .warning(findings)
        case .none: return .pass
        }
    }
}
