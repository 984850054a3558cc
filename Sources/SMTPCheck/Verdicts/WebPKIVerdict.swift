import SMTPTransport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ProbeResult {
    /// What a Web PKI check (MTA-STS, RFC 8461 §4.2) finds wrong with the certificate,
    /// or nil when it verifies for the MX host's name; nil too without a TLS session.
    public func webPKIProblem(now: Date = Date()) -> TLSResultType? {
        tls?.webPKIProblem(host: host, now: now)
    }
}

extension TLSInfo {
    /// What a Web PKI check (MTA-STS, RFC 8461 §4.2) finds wrong with the session's
    /// certificate for the MX host `host`, or nil when it verifies for that name.
    public func webPKIProblem(host: String, now: Date = Date()) -> TLSResultType? {
        guard let leaf = certificates.first else { return nil }
        if leaf.notAfter <= now { return .certificateExpired }
        switch verification {
        case .skipped(let problem?) where !problem.isEmpty, .checked(_, let problem?) where !problem.isEmpty:
            return .certificateNotTrusted
        default:
            return leaf.names(host) ? nil : .certificateHostMismatch
        }
    }
}
