/// A judge of the server's chain that takes the Web PKI's place (`--dane`: the TLSA records).
///
/// With one in ``TLSSettings/chainCheck`` the handshake accepts any chain, as `--insecure`
/// does, so that the chain is always seen; the moment it completes, before anything is
/// written over it, the check is asked. A refusal fails the handshake with its error and
/// closes the connection; an acceptance is the session's ``TLSInfo/Verification``.
public struct TLSChainCheck: Sendable, Hashable {
    /// What the check found acceptable, in words for the console and the transcript.
    public struct Acceptance: Sendable, Hashable {
        /// Whether the server was authenticated; false for a session that is only encrypted
        /// (TLSA records exist but none is usable: RFC 7672 §2.2 still wants TLS).
        public let authenticated: Bool
        /// `DANE-EE TLSA 3 1 1 … matched the server's certificate (depth 0)`.
        public let description: String

        public init(authenticated: Bool, description: String) {
            self.authenticated = authenticated
            self.description = description
        }
    }

    /// Names the check in messages and tells checks apart (two checks with one name are one).
    public let name: String
    /// The verdict on the completed handshake: its chain and name, as ``TLSInfo`` holds them.
    public let judge: @Sendable (TLSInfo) -> Result<Acceptance, TLSError>

    public init(name: String, judge: @escaping @Sendable (TLSInfo) -> Result<Acceptance, TLSError>) {
        self.name = name
        self.judge = judge
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
