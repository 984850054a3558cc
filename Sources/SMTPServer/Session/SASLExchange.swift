import Crypto
import SMTPCore

/// The SASL mechanisms the practice server offers (RFC 4954 with RFC 4616, the LOGIN draft, RFC 2195).
enum SASLMechanism: String, Sendable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
    case cramMD5 = "CRAM-MD5"
}

/// Where an AUTH exchange is: which mechanism, and what has been said so far.
struct SASLExchange: Sendable, Hashable {
    /// The step the next client answer belongs to.
    enum Step: Sendable, Hashable {
        /// PLAIN: the answer is `authzid NUL authcid NUL password`.
        case plainCredentials
        /// LOGIN: the answer is the user name.
        case loginUser
        /// LOGIN: the answer is the password for this user.
        case loginPassword(user: String)
        /// CRAM-MD5: the answer is `user SP hex(HMAC-MD5(password, challenge))`.
        case cramResponse(challenge: String)
    }

    let step: Step

    /// The mechanism this exchange belongs to.
    var mechanism: SASLMechanism {
        switch step {
        case .plainCredentials: .plain
        case .loginUser, .loginPassword: .login
        case .cramResponse: .cramMD5
        }
    }

    /// What a decoded client answer leads to.
    enum Outcome: Sendable, Hashable {
        /// Another 334 challenge, with this (plain, not yet encoded) text.
        case challenge(String, next: SASLExchange)
        /// The user is who they claim to be.
        case authenticated(user: String)
        /// Wrong user or password.
        case rejected
        /// The answer is not in the mechanism's form.
        case malformed(String)
    }

    /// Takes the decoded answer for this step, checked against the demo `credentials` or,
    /// in a classroom, the class's `gate` (which offers no CRAM-MD5: it keeps no password).
    func answer(_ decoded: [UInt8], credentials: [Credential], gate: (any AccountGate)? = nil) -> Outcome {
        func known(_ user: String, _ password: String) -> Bool {
            gate.map { $0.verify(user: user, password: password) } ?? credentials.contains(Credential(user: user, password: password))
        }
        switch step {
        case .plainCredentials:
            let parts = decoded.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return .malformed("PLAIN wants authzid NUL user NUL password (RFC 4616)") }
            let authzid = String(decoding: parts[0], as: UTF8.self)
            let user = String(decoding: parts[1], as: UTF8.self)
            let password = String(decoding: parts[2], as: UTF8.self)
            guard authzid.isEmpty || authzid == user else { return .rejected }
            return known(user, password) ? .authenticated(user: user) : .rejected
        case .loginUser:
            return .challenge("Password:", next: SASLExchange(step: .loginPassword(user: String(decoding: decoded, as: UTF8.self))))
        case .loginPassword(let user):
            return known(user, String(decoding: decoded, as: UTF8.self)) ? .authenticated(user: user) : .rejected
        case .cramResponse(let challenge):
            let text = String(decoding: decoded, as: UTF8.self)
            guard let space = text.lastIndex(of: " ") else { return .malformed("CRAM-MD5 wants: user SP digest (RFC 2195)") }
            let user = String(text[..<space])
            let digest = text[text.index(after: space)...].lowercased()
            guard gate == nil, let account = credentials.first(where: { $0.user == user }) else { return .rejected }
            return Self.cramDigest(challenge: challenge, password: account.password) == digest ? .authenticated(user: user) : .rejected
        }
    }

    /// The lowercase hex HMAC-MD5 of the challenge keyed with the password (RFC 2195 §2).
    static func cramDigest(challenge: String, password: String) -> String {
        let key = SymmetricKey(data: Array(password.utf8))
        let mac = HMAC<Insecure.MD5>.authenticationCode(for: Array(challenge.utf8), using: key)
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
