/// Why a connection could not be opened; `message` is the one line to show the user.
///
/// A struct around a private enum (as NIO does) so that kinds can be added later
/// without breaking `switch` statements in callers; compare with `==` on `kind`:
/// `error.kind == .refused`.
public struct ConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure, for choosing an exit status.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: Hashable {
            case unknownHost
            case noAddressInFamily
            case refused
            case unreachable
            case timedOut
            case socketNotFound
            case permissionDenied
            case other
        }

        fileprivate let base: Base

        /// The name could not be resolved (no such host, or no DNS answer).
        public static let unknownHost = Kind(base: .unknownHost)
        /// The name resolved, but not to an address of the requested family (`-4`/`-6`).
        public static let noAddressInFamily = Kind(base: .noAddressInFamily)
        /// The host answered but nothing listens on that port (or socket).
        public static let refused = Kind(base: .refused)
        /// No route to the network or host.
        public static let unreachable = Kind(base: .unreachable)
        /// No answer within the connect timeout.
        public static let timedOut = Kind(base: .timedOut)
        /// The unix-domain socket path does not exist.
        public static let socketNotFound = Kind(base: .socketNotFound)
        /// The unix-domain socket exists but may not be opened by this user.
        public static let permissionDenied = Kind(base: .permissionDenied)
        /// Any other system error.
        public static let other = Kind(base: .other)

        public var description: String {
            switch base {
            case .unknownHost: return "unknown host"
            case .noAddressInFamily: return "no address in the requested family"
            case .refused: return "connection refused"
            case .unreachable: return "unreachable"
            case .timedOut: return "timed out"
            case .socketNotFound: return "no such socket"
            case .permissionDenied: return "permission denied"
            case .other: return "connection failed"
            }
        }
    }

    /// One address that was tried, and why it failed.
    public struct Attempt: Sendable, Hashable {
        /// The address as shown to the user (`127.0.0.1`, `::1`, or a socket path).
        public let address: String
        public let kind: Kind
        /// The system's wording of the failure (`connection refused`, `no route to host`).
        public let reason: String
    }

    /// The category of failure.
    public let kind: Kind
    /// What was asked for.
    public let endpoint: Endpoint
    /// Every address tried, in order (empty when the name did not resolve).
    public let attempts: [Attempt]
    /// The one line to show the user, naming the host, port and address(es) tried.
    public let message: String

    public var description: String { message }

    init(kind: Kind, endpoint: Endpoint, attempts: [Attempt] = [], message: String) {
        self.kind = kind
        self.endpoint = endpoint
        self.attempts = attempts
        self.message = message
    }

    /// The error after every address failed: the most telling kind wins.
    ///
    /// A refusal proves the host is there and answering, so it beats a timeout, which
    /// beats an unreachable route; the message lists each address with its own reason.
    static func allAttemptsFailed(endpoint: Endpoint, attempts: [Attempt]) -> ConnectError {
        let ranking: [Kind] = [.refused, .permissionDenied, .socketNotFound, .timedOut, .unreachable, .other]
        let kind = ranking.first { ranked in attempts.contains { $0.kind == ranked } } ?? .other
        let tried = attempts.map { "\($0.address): \($0.reason)" }.joined(separator: "; ")
        let message: String
        switch endpoint {
        case .tcp(let host, _) where attempts.count == 1:
            let address = attempts[0].address == host ? "" : " (\(attempts[0].address))"
            message = "cannot connect to \(endpoint)\(address): \(attempts[0].reason)"
        case .tcp:
            message = "cannot connect to \(endpoint): \(kind) (\(tried))"
        case .unix:
            let reason = attempts.first?.reason ?? kind.description
            message = "cannot connect to \(endpoint): \(reason)"
        }
        return ConnectError(kind: kind, endpoint: endpoint, attempts: attempts, message: message)
    }
}
