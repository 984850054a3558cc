/// A SASL mechanism smtpc can run for `AUTH` (RFC 4954).
public enum SASLMechanism: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// RFC 4616: authorization identity, user name and password in one message.
    case plain = "PLAIN"
    /// The de-facto LOGIN mechanism (draft-murchison-sasl-login): user name and password
    /// as answers to two challenges.
    case login = "LOGIN"
    /// RFC 2195: an HMAC-MD5 of the server's challenge keyed with the password; the
    /// password itself never crosses the wire.
    case cramMD5 = "CRAM-MD5"
    /// Google's OAuth 2.0 mechanism: `user=...^Aauth=Bearer TOKEN^A^A`.
    case xoauth2 = "XOAUTH2"
    /// RFC 7628: OAuth 2.0 bearer token behind a GS2 header.
    case oauthBearer = "OAUTHBEARER"

    /// The name as sent after `AUTH` and advertised in EHLO.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// The mechanism with this name, compared without regard to case (`plain`, `Cram-MD5`).
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// `true` for the mechanisms that prove identity with a bearer token, not a password.
    public var usesBearerToken: Bool {
        self == .xoauth2 || self == .oauthBearer
    }

    /// `true` when the client speaks first, so its first message may ride on the AUTH
    /// line as an initial response (RFC 4954 §4).
    ///
    /// CRAM-MD5 needs the server's challenge first. LOGIN is left out on purpose: some
    /// servers take the user name on the AUTH line and some do not, and answering the
    /// two challenges in turn works everywhere.
    public var allowsInitialResponse: Bool {
        switch self {
        case .plain, .xoauth2, .oauthBearer: true
        case .login, .cramMD5: false
        }
    }

    /// `true` when anyone reading the connection could reuse what is sent: the password
    /// (PLAIN, LOGIN, merely base64-encoded) or the bearer token. Such mechanisms belong
    /// on a TLS connection. CRAM-MD5 sends only a digest of a one-time challenge.
    public var exposesSecretWithoutTLS: Bool {
        self != .cramMD5
    }
}
