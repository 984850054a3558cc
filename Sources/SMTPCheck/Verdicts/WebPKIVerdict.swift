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
        guard let tls, let leaf = tls.certificates.first else { return nil }
        if leaf.notAfter <= now { return .certificateExpired }
        if case .skipped(let problem?) = tls.verification, !problem.isEmpty { return .certificateNotTrusted }
        return leaf.names(host) ? nil : .certificateHostMismatch
    }
}
