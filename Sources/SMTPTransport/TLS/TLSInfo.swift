import SMTPCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a completed TLS handshake negotiated and whom it was with (for the one-line summary and `/tls`).
public struct TLSInfo: Sendable, Hashable {
    /// Whether and how the peer's certificate was checked.
    public enum Verification: Sendable, Hashable {
        /// The chain leads to a trusted CA and the certificate matches `verifiedName`
        /// (or the address connected to, when there is no name).
        case verified(name: String?)
        /// Verification was skipped (`--insecure`). `problem` says what a check would
        /// have found in the chain (hostname is not checked), or `nil` if it looked fine.
        case skipped(problem: String?)
        /// The settings' ``TLSChainCheck`` judged the chain instead of the Web PKI (`--dane`)
        /// and accepted it; `webPKIProblem` is what a Web PKI check would have found in the
        /// chain (hostname not checked), or `nil` if it looked fine.
        case checked(TLSChainCheck.Acceptance, webPKIProblem: String?)
    }

    /// `TLSv1.3`, `TLSv1.2`, ….
    public let protocolVersion: String
    /// The IANA name of the negotiated cipher suite (`TLS_AES_256_GCM_SHA384`), or its hex code.
    public let cipherSuite: String?
    /// The server name sent in SNI, if any (none is sent for a literal address).
    public let serverNameSent: String?
    /// The protocol chosen by ALPN, if any.
    public let alpn: String?
    /// The key-exchange group (`x25519`, `secp256r1`, …), when the handshake showed it.
    public let group: String?
    /// Whether the server resumed an earlier session, when the handshake showed it.
    public let resumed: Bool?
    public let verification: Verification
    /// The peer's chain, leaf first (when verified, up to and including the trusted root).
    public let certificates: [CertificateSummary]

    public init(
        protocolVersion: String, cipherSuite: String?, serverNameSent: String?, alpn: String?,
        verification: Verification, certificates: [CertificateSummary], group: String? = nil, resumed: Bool? = nil
    ) {
        self.group = group
        self.resumed = resumed
        self.protocolVersion = protocolVersion
        self.cipherSuite = cipherSuite
        self.serverNameSent = serverNameSent
        self.alpn = alpn
        self.verification = verification
        self.certificates = certificates
    }

    /// `true` when the certificate was verified.
    public var isVerified: Bool {
        switch verification {
        case .verified: return true
        case .skipped: return false
        case .checked(let acceptance, _): return acceptance.authenticated
        }
    }

    /// The same session with the verdict of a ``TLSChainCheck`` as its verification; what a
    /// Web PKI check found (``Verification/skipped(problem:)``) is kept beside it.
    public func checked(_ acceptance: TLSChainCheck.Acceptance) -> TLSInfo {
        var webPKIProblem: String?
        if case .skipped(let problem) = verification { webPKIProblem = problem }
        return TLSInfo(
            protocolVersion: protocolVersion, cipherSuite: cipherSuite, serverNameSent: serverNameSent, alpn: alpn,
            verification: .checked(acceptance, webPKIProblem: webPKIProblem), certificates: certificates, group: group,
            resumed: resumed)
    }

    /// One line for the console after a handshake: protocol, cipher, subject, issuer, expiry, verification.
    public var summary: String {
        var parts = [protocolVersion]
        if let cipherSuite { parts.append(cipherSuite) }
        if let leaf = certificates.first {
            parts.append("subject \(leaf.subject)")
            parts.append("issuer \(leaf.issuer)")
            parts.append("expires \(CertificateSummary.format(leaf.notAfter))")
        }
        switch verification {
        case .verified: parts.append("verified")
        case .skipped(let problem?): parts.append("NOT verified (--insecure; \(problem))")
        case .skipped(nil): parts.append("NOT verified (--insecure)")
        case .checked(let acceptance, _): parts.append(acceptance.description)
        }
        return parts.joined(separator: ", ")
    }
}

/// The facts about one certificate that an operator debugging TLS asks for.
public struct CertificateSummary: Sendable, Hashable {
    /// The subject as `CN=…, O=…` (most significant last, as the certificate lists it).
    public let subject: String
    public let issuer: String
    /// DNS names and IP addresses from the subjectAltName extension.
    public let subjectAlternativeNames: [String]
    public let notBefore: Date
    public let notAfter: Date
    /// SHA-256 of the DER encoding, as colon-separated upper-case hex: the one given, or
    /// worked out from `der` when asked (`/tls`). Not at the handshake: swift-crypto's
    /// digest type cost the runtime a scan of every conformance record in every TLS
    /// session (docs/benchmarks.md, "The runtime's first questions, fewer").
    public var sha256Fingerprint: String { givenFingerprint ?? Self.fingerprint(der) }
    private let givenFingerprint: String?
    /// The certificate itself, DER-encoded (for `/tls save`).
    public let der: [UInt8]

    /// Without `sha256Fingerprint`, the fingerprint is worked out from `der` when asked.
    public init(
        subject: String, issuer: String, subjectAlternativeNames: [String],
        notBefore: Date, notAfter: Date, sha256Fingerprint: String? = nil, der: [UInt8] = []
    ) {
        self.der = der
        self.subject = subject
        self.issuer = issuer
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.givenFingerprint = sha256Fingerprint
    }

    /// The certificate as PEM (RFC 7468): base64 in lines of 64 between the labels.
    public var pem: String { Base64.pem(label: "CERTIFICATE", der: der) }

    /// `true` when subject and issuer are the same name (a root or a self-signed certificate).
    public var isSelfIssued: Bool { subject == issuer }

    /// A date as `2027-03-01 12:00:00 UTC`, the form used in TLS summaries.
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var c = tm()
        guard gmtime_r(&seconds, &c) != nil else { return "????-??-?? ??:??:?? UTC" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(Int(c.tm_year) + 1900)-\(two(c.tm_mon + 1))-\(two(c.tm_mday)) \(two(c.tm_hour)):\(two(c.tm_min)):\(two(c.tm_sec)) UTC"
    }
}
