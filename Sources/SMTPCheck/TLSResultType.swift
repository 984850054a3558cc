/// The IANA "STARTTLS Validation Result Types" registry (RFC 8460 §4.3): the names
/// under which a sender reports why a TLS session to an MX host failed, and under which
/// `smtpc check` names every failure.
public enum TLSResultType: String, CaseIterable, Equatable, Sendable {
    case starttlsNotSupported = "starttls-not-supported"
    case certificateHostMismatch = "certificate-host-mismatch"
    case certificateExpired = "certificate-expired"
    case certificateNotTrusted = "certificate-not-trusted"
    case validationFailure = "validation-failure"
    case tlsaInvalid = "tlsa-invalid"
    case dnssecInvalid = "dnssec-invalid"
    case daneRequired = "dane-required"
    case stsPolicyFetchError = "sts-policy-fetch-error"
    case stsPolicyInvalid = "sts-policy-invalid"
    case stsWebPKIInvalid = "sts-webpki-invalid"

    /// The registered name, as a report writes it.
    public var name: String { rawValue }

    /// What the result type means, in one line of our own words.
    public var meaning: String {
        switch self {
        case .starttlsNotSupported: "The MX host did not offer STARTTLS."
        case .certificateHostMismatch: "The certificate is not for the MX host's name as the MTA-STS or DANE policy requires."
        case .certificateExpired: "The certificate has expired."
        case .certificateNotTrusted: "The certificate chain does not lead to a trusted authority, or breaks a constraint."
        case .validationFailure: "TLS failed for a reason none of the other types names."
        case .tlsaInvalid: "None of the MX host's TLSA records matches or is usable."
        case .dnssecInvalid: "The resolver returned no records that validate under DNSSEC."
        case .daneRequired: "The sender requires DANE but found no DNSSEC-validated TLSA records for the MX host."
        case .stsPolicyFetchError: "The MTA-STS policy could not be fetched over HTTPS."
        case .stsPolicyInvalid: "The MTA-STS policy fetched is not valid."
        case .stsWebPKIInvalid: "The MTA-STS policy server's certificate does not verify by the Web PKI."
        }
    }
}
