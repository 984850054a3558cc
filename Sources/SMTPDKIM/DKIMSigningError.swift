/// Why a message could not be signed, or a signer not made.
public enum DKIMSigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `d=` must be a domain name of letters, digits and hyphens in dot-separated labels.
    case invalidDomain(String)
    /// `s=` must be labels as a domain name's are.
    case invalidSelector(String)
    /// A name for `h=` that is no header field name (empty, a space, a colon or a semicolon).
    case invalidHeaderName(String)
    /// `x=` must be after `t=` (RFC 6376 §3.5).
    case expirationNotAfterTimestamp
    /// A line of the message ends in a bare LF: it must be CRLF throughout, as sent.
    case bareLineFeed
    /// The message has no From field, which every signature must cover (RFC 6376 §5.4).
    case noFromField
    /// swift-crypto could not make the signature.
    case signingFailed(String)

    public var description: String {
        switch self {
        case .invalidDomain(let domain):
            "DKIM domain '\(domain)' is not a domain name (ASCII letters, digits, hyphens and dots; IDNs as xn--)"
        case .invalidSelector(let selector):
            "DKIM selector '\(selector)' is not valid (ASCII letters, digits, hyphens and dots)"
        case .invalidHeaderName(let name):
            "'\(name)' is not a header field name to sign"
        case .expirationNotAfterTimestamp:
            "the DKIM signature's expiry (x=) must be after its timestamp (t=)"
        case .bareLineFeed:
            "the message has a line ending in a bare LF; DKIM signs it as sent, with CRLF line ends"
        case .noFromField:
            "the message has no From field, which a DKIM signature must cover"
        case .signingFailed(let reason):
            "the DKIM signature could not be made: \(reason)"
        }
    }
}
