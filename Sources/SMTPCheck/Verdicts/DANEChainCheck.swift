import Crypto
import SMTPTransport

extension TLSChainCheck {
    /// `--dane` (RFC 7672): the handshake's chain judged by the host's TLSA records instead
    /// of the Web PKI. Accepted when a usable record matches (DANE-EE the server's own
    /// certificate or key; DANE-TA a certificate above it, the chain leading there and the
    /// certificate naming `host`), or, unauthenticated, when none of the records is usable;
    /// refused otherwise. `tlsa` is the secure answer for `_PORT._tcp.HOST`
    /// (``DANEOutcome/dnsVerdict(tlsa:lookupError:addressStatus:)`` nil).
    public static func dane(tlsa: DNSAnswer<[UInt8]>, addressStatus: DNSSECStatus?, host: String, owner: String) -> TLSChainCheck {
        TLSChainCheck(name: "DANE \(owner)") { info in
            switch DANEOutcome.evaluate(tlsa: tlsa, addressStatus: addressStatus, host: host, tls: info) {
            case .matched(let match):
                return .success(Acceptance(authenticated: true, description: "verified by DANE: \(match.summary)"))
            case .unusableRecords(let why), .notApplicable(let why):
                return .success(Acceptance(authenticated: false, description: "NOT authenticated (DANE: \(why))"))
            case .failed(let type, let why):
                return .failure(
                    TLSError(
                        kind: .chainRefused, message: "DANE (--dane) refuses \(host): \(why) (\(type.name), TLSA at \(owner))",
                        suggestion: "/dane (without --dane) shows the records and the chain; publish TLSA records that match "
                            + "the server's certificate or key",
                        certificates: info.certificates))
            }
        }
    }
}

extension TLSAMatch {
    /// `TLSA 3 1 1 (DANE-EE) matched the server's certificate (depth 0)`, or for DANE-TA
    /// `… matched the certificate at depth 1, a trust anchor the chain leads to`.
    public var summary: String {
        let head = "TLSA \(record.parameters) (\(record.usageName))"
        guard depth > 0 else { return head + " matched the server's certificate (depth 0)" }
        return head + " matched the certificate at depth \(depth), a trust anchor the chain leads to"
    }
}

extension TLSARecord {
    /// The three numbers: `3 1 1`.
    public var parameters: String { "\(usage.rawValue) \(selector.rawValue) \(matchingType.rawValue)" }

    /// The usage's name (RFC 7218): `DANE-EE`, `DANE-TA`, `PKIX-EE`, `PKIX-TA`, or `usage N`.
    public var usageName: String {
        switch usage {
        case .pkixTA: "PKIX-TA"
        case .pkixEE: "PKIX-EE"
        case .daneTA: "DANE-TA"
        case .daneEE: "DANE-EE"
        default: "usage \(usage.rawValue)"
        }
    }

    /// The selector's name (RFC 7218): `Cert`, `SPKI`, or `selector N`.
    public var selectorName: String {
        switch selector {
        case .fullCertificate: "Cert"
        case .subjectPublicKeyInfo: "SPKI"
        default: "selector \(selector.rawValue)"
        }
    }

    /// The matching type's name (RFC 7218): `Full`, `SHA2-256`, `SHA2-512`, or `matching type N`.
    public var matchingTypeName: String {
        switch matchingType {
        case .exact: "Full"
        case .sha256: "SHA2-256"
        case .sha512: "SHA2-512"
        default: "matching type \(matchingType.rawValue)"
        }
    }

    /// The DANE-EE `3 1 1` record that matches the DER certificate `der`: what to publish for
    /// this server's key.
    public static func daneEE(matching der: [UInt8]) throws -> TLSARecord {
        let digest = Array(SHA256.hash(data: try subjectPublicKeyInfo(of: der)))
        return TLSARecord(usage: .daneEE, selector: .subjectPublicKeyInfo, matchingType: .sha256, data: digest)
    }
}
