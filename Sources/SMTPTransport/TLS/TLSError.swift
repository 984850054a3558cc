/// Why TLS could not be established; `message` says what happened, `suggestion` how to proceed.
///
/// Verification failures name their reason (unknown issuer, expired, wrong name) because
/// that is what an operator needs to pick the fix (`--cafile`, `--servername`, `--insecure`).
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: Hashable {
            case untrustedCertificate, certificateExpired, certificateNotYetValid, hostnameMismatch
            case handshakeFailed, plaintextInjection, invalidSettings, timedOut, closedDuringHandshake, chainRefused
        }
        fileprivate let base: Base

        /// The chain does not lead to a trusted CA (unknown issuer, self-signed).
        public static let untrustedCertificate = Kind(base: .untrustedCertificate)
        /// A certificate in the chain has expired.
        public static let certificateExpired = Kind(base: .certificateExpired)
        /// A certificate in the chain is not valid yet.
        public static let certificateNotYetValid = Kind(base: .certificateNotYetValid)
        /// The certificate is valid but not for the name (or address) connected to.
        public static let hostnameMismatch = Kind(base: .hostnameMismatch)
        /// The TLS protocol itself failed (no common version or cipher, bad record, alert).
        public static let handshakeFailed = Kind(base: .handshakeFailed)
        /// The server sent bytes after its 220 to STARTTLS, before the handshake (RFC 3207 §6).
        public static let plaintextInjection = Kind(base: .plaintextInjection)
        /// The settings could not be used (unreadable CA file, key does not match certificate, …).
        public static let invalidSettings = Kind(base: .invalidSettings)
        /// The handshake did not finish in time.
        public static let timedOut = Kind(base: .timedOut)
        /// The server closed the connection during the handshake.
        public static let closedDuringHandshake = Kind(base: .closedDuringHandshake)
        /// The settings' ``TLSChainCheck`` refused the chain (`--dane`: no TLSA record matches).
        public static let chainRefused = Kind(base: .chainRefused)

        public var description: String {
            switch base {
            case .untrustedCertificate: return "unknown issuer"
            case .certificateExpired: return "certificate expired"
            case .certificateNotYetValid: return "certificate not yet valid"
            case .hostnameMismatch: return "certificate name mismatch"
            case .handshakeFailed: return "handshake failed"
            case .plaintextInjection: return "plaintext injection"
            case .invalidSettings: return "invalid TLS settings"
            case .timedOut: return "handshake timed out"
            case .closedDuringHandshake: return "closed during handshake"
            case .chainRefused: return "chain refused"
            }
        }

        /// Whether this is a certificate verification failure (as opposed to a protocol or setup one).
        public var isVerificationFailure: Bool {
            [.untrustedCertificate, .certificateExpired, .certificateNotYetValid, .hostnameMismatch, .chainRefused].contains(self)
        }
    }

    public let kind: Kind
    /// What happened, in one sentence.
    public let message: String
    /// What the user can do about it (`use --cafile FILE …`), when there is something.
    public let suggestion: String?
    /// The certificates the server presented (leaf first), when the handshake got that far.
    public let certificates: [CertificateSummary]

    public init(kind: Kind, message: String, suggestion: String? = nil, certificates: [CertificateSummary] = []) {
        self.kind = kind
        self.message = message
        self.suggestion = suggestion
        self.certificates = certificates
    }

    /// The message and the suggestion on one line.
    public var description: String {
        guard let suggestion else { return message }
        return "\(message); \(suggestion)"
    }
}
