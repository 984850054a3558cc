/// Why an MX lookup, or connecting through one, failed; `message` is the one line to show the user.
///
/// A struct around a private enum, like ``ConnectError``, so that kinds can be added
/// later; compare kinds with `==`: `error.kind == .unknownDomain`.
public struct MXError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure, for choosing an exit status.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: Hashable {
            case invalidDomain
            case invalidDNSServer
            case unknownDomain
            case acceptsNoMail
            case noMailHost
            case timedOut
            case serverFailure
            case malformedAnswer
            case allHostsFailed
        }

        fileprivate let base: Base

        /// The domain given cannot be a DNS name (empty label, too long, non-ASCII).
        public static let invalidDomain = Kind(base: .invalidDomain)
        /// The `--dns-server` value is not an address, or `/etc/resolv.conf` names no usable server.
        public static let invalidDNSServer = Kind(base: .invalidDNSServer)
        /// The DNS server says the domain does not exist (NXDOMAIN).
        public static let unknownDomain = Kind(base: .unknownDomain)
        /// The domain publishes a null MX (RFC 7505): it accepts no mail.
        public static let acceptsNoMail = Kind(base: .acceptsNoMail)
        /// The domain exists but has neither MX nor A/AAAA records, so no host receives its mail.
        public static let noMailHost = Kind(base: .noMailHost)
        /// The DNS server did not answer, even after a retry.
        public static let timedOut = Kind(base: .timedOut)
        /// The DNS server could not be reached, or answered with an error (SERVFAIL, REFUSED…).
        public static let serverFailure = Kind(base: .serverFailure)
        /// The DNS answer could not be read, or did not answer the question asked.
        public static let malformedAnswer = Kind(base: .malformedAnswer)
        /// Every mail host was tried and none accepted a connection.
        public static let allHostsFailed = Kind(base: .allHostsFailed)

        public var description: String {
            switch base {
            case .invalidDomain: return "invalid domain"
            case .invalidDNSServer: return "invalid DNS server"
            case .unknownDomain: return "unknown domain"
            case .acceptsNoMail: return "domain accepts no mail"
            case .noMailHost: return "no mail host"
            case .timedOut: return "DNS timed out"
            case .serverFailure: return "DNS server failure"
            case .malformedAnswer: return "malformed DNS answer"
            case .allHostsFailed: return "no mail host answered"
            }
        }
    }

    /// The category of failure.
    public let kind: Kind
    /// The domain that was looked up (empty when the DNS server itself was the problem).
    public let domain: String
    /// For ``Kind/allHostsFailed``: every host tried, in order, with its reason.
    public let attempts: [MXAttempt]
    /// The one line to show the user.
    public let message: String

    public var description: String { message }

    init(kind: Kind, domain: String, attempts: [MXAttempt] = [], message: String) {
        self.kind = kind
        self.domain = domain
        self.attempts = attempts
        self.message = message
    }
}
