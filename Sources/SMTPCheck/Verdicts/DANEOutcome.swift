import SMTPTransport
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What DANE (RFC 7672) says about one session with one address of an MX host.
public enum DANEOutcome: Equatable, Sendable {
    /// DANE does not apply; the words say why (no TLSA records, an insecure zone…).
    case notApplicable(String)
    /// A usable record matched the chain: which one, at what depth.
    case matched(TLSAMatch)
    /// TLSA records exist but none is usable: TLS is still required, unauthenticated (§2.2).
    case unusableRecords(String)
    /// A sender that does DANE would not deliver to this address.
    case failed(TLSResultType, String)
}

extension DANEOutcome {
    /// What the DNS answers alone decide, before any session: the verdict when DANE does not
    /// apply to the host or its TLSA answer cannot be trusted; nil when the host has
    /// DNSSEC-secure TLSA records, so that TLS is required (RFC 7672 §2.2).
    public static func dnsVerdict(
        tlsa: DNSAnswer<[UInt8]>?, lookupError: String? = nil, addressStatus: DNSSECStatus?
    ) -> DANEOutcome? {
        guard let tlsa else { return .failed(.dnssecInvalid, lookupError ?? "the TLSA lookup failed") }
        if tlsa.status == .bogus {
            return .failed(.dnssecInvalid, "the TLSA records do not validate under DNSSEC (bogus)")
        }
        guard !tlsa.values.isEmpty else { return .notApplicable("no TLSA records") }
        guard tlsa.status == .secure else {
            return .notApplicable("\(count(tlsa.values.count)) in an unsigned zone, ignored (only DNSSEC-secure records count)")
        }
        guard addressStatus == .secure else {
            return .notApplicable("the host's addresses are not DNSSEC-secure, so its TLSA records are not used")
        }
        return nil
    }

    /// The verdict for `probe`, given the TLSA answer for the host and port (nil with `lookupError`
    /// when it could not be had) and the DNSSEC status of the host's addresses.
    public static func evaluate(
        tlsa: DNSAnswer<[UInt8]>?, lookupError: String? = nil, addressStatus: DNSSECStatus?, probe: ProbeResult,
        now: Date = Date()
    ) -> DANEOutcome {
        if let verdict = dnsVerdict(tlsa: tlsa, lookupError: lookupError, addressStatus: addressStatus) { return verdict }
        guard let tls = probe.tls else {
            if !probe.startTLSOffered, probe.failure == nil || probe.failure?.phase == .ehlo {
                return .failed(.starttlsNotSupported, "the host has TLSA records but did not offer STARTTLS")
            }
            return .failed(.validationFailure, "the host has TLSA records but TLS failed: \(probe.failure?.message ?? "no session")")
        }
        return evaluate(tlsa: tlsa, addressStatus: addressStatus, host: probe.host, tls: tls, now: now)
    }

    /// The verdict for the TLS session `tls` with `host`, the name the TLSA answer is for (the
    /// MX host): which usable record matches its chain, at what depth, or why none does.
    public static func evaluate(
        tlsa: DNSAnswer<[UInt8]>?, lookupError: String? = nil, addressStatus: DNSSECStatus?, host: String, tls: TLSInfo,
        now: Date = Date()
    ) -> DANEOutcome {
        if let verdict = dnsVerdict(tlsa: tlsa, lookupError: lookupError, addressStatus: addressStatus) { return verdict }
        let values = tlsa?.values ?? []
        let usable = values.compactMap { try? TLSARecord(rdata: $0) }.filter { $0.unusable == nil }
        guard !usable.isEmpty else {
            return .unusableRecords("none of the \(count(values.count)) is usable for SMTP: TLS is still required")
        }
        let chain = tls.certificates.map(\.der)
        guard let match = try? TLSARecord.firstMatch(in: usable, chain: chain) else {
            return .failed(.tlsaInvalid, "no usable TLSA record matches the certificate chain the server sent")
        }
        guard match.record.usage == .daneTA else { return .matched(match) }
        return trustAnchorChecks(match, tls: tls, host: host, now: now)
    }

    /// DANE-TA: the chain must lead from the server's certificate to the anchor, the
    /// certificate must name the MX host and be within its dates (RFC 7672 §3.1.2, §3.2).
    private static func trustAnchorChecks(_ match: TLSAMatch, tls: TLSInfo, host: String, now: Date) -> DANEOutcome {
        let chain = tls.certificates
        for depth in 0..<match.depth where !isIssued(chain[depth].der, by: chain[depth + 1].der) {
            return .failed(
                .certificateNotTrusted, "the certificate at depth \(depth) is not signed by the one above it, up to the trust anchor")
        }
        guard let leaf = chain.first, leaf.names(host) else {
            return .failed(.certificateHostMismatch, "the certificate does not name \(host), as DANE-TA requires")
        }
        guard leaf.notAfter > now else {
            return .failed(.certificateExpired, "the certificate expired on \(CertificateSummary.format(leaf.notAfter))")
        }
        return .matched(match)
    }

    /// Whether `parent` issued `child`: its subject is the child's issuer and its key verifies the child's signature.
    static func isIssued(_ child: [UInt8], by parent: [UInt8]) -> Bool {
        guard let child = try? Certificate(derEncoded: child), let parent = try? Certificate(derEncoded: parent) else {
            return false
        }
        return child.issuer == parent.subject && parent.publicKey.isValidSignature(child.signature, for: child)
    }

    private static func count(_ records: Int) -> String {
        records == 1 ? "1 TLSA record" : "\(records) TLSA records"
    }
}
