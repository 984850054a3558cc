import SMTPCore

/// Who logs in and how they prove it: a password, or an OAuth 2.0 bearer token.
///
/// The user name is not secret (it is shown in prompts and in the exchange's
/// explanations); the password or token is a ``Secret`` and never appears in text.
public struct SASLCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The proof of identity.
    public enum Proof: Sendable, Equatable {
        /// A password, for PLAIN, LOGIN and CRAM-MD5.
        case password(Secret)
        /// An OAuth 2.0 bearer token (RFC 6750), for XOAUTH2 and OAUTHBEARER.
        case bearerToken(Secret)
    }

    /// The authentication identity: whose password or token this is.
    public let username: String
    /// The identity to act as (PLAIN's authzid, OAUTHBEARER's `a=`); empty for "the
    /// same as `username`", which is what nearly every server expects.
    public let authorizationIdentity: String
    /// The password or the token.
    public let proof: Proof

    /// Credentials with a password.
    public init(username: String, password: Secret, authorizationIdentity: String = "") {
        self.username = username
        self.authorizationIdentity = authorizationIdentity
        proof = .password(password)
    }

    /// Credentials with an OAuth 2.0 bearer token.
    public init(username: String, bearerToken: Secret, authorizationIdentity: String = "") {
        self.username = username
        self.authorizationIdentity = authorizationIdentity
        proof = .bearerToken(bearerToken)
    }

    /// `true` when the proof is a bearer token.
    public var hasToken: Bool {
        if case .bearerToken = proof { return true }
        return false
    }

    /// The password or token, whichever it is.
    var secret: Secret {
        switch proof {
        case .password(let secret), .bearerToken(let secret): secret
        }
    }

    /// `user "tim", password [redacted]`: the name (made safe to print) and what kind of
    /// proof, never the proof itself.
    public var description: String {
        let kind = hasToken ? "token" : "password"
        var text = "user \"\(VisibleText.escape(username))\""
        if !authorizationIdentity.isEmpty {
            text += " as \"\(VisibleText.escape(authorizationIdentity))\""
        }
        return text + ", \(kind) \(Secret.placeholder)"
    }

    public var debugDescription: String { description }
    /// No children: `dump` must not walk into the proof.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
