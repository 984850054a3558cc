/// How an AUTH exchange ended.
public enum AuthOutcome: Sendable, Equatable {
    /// 235 (or another 2xx): the client is authenticated.
    case succeeded
    /// The server refused, or the exchange was cancelled.
    case failed(AuthFailure)
}

/// Why an AUTH exchange failed, in plain words.
///
/// Built only from the reply code, the mechanism, the user name and texts the server
/// sent (an OAuth error challenge): never from the password or token.
public struct AuthFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, from the final reply code (RFC 4954 §4, §6).
    public enum Reason: Sendable, Hashable {
        /// 535 5.7.8: wrong user name, password or token.
        case invalidCredentials
        /// 534 5.7.9: the server wants a stronger mechanism for this account.
        case mechanismTooWeak
        /// 538 5.7.11: this mechanism only over an encrypted connection.
        case encryptionRequired
        /// 454 4.7.0 (or another 4xx): a temporary failure; trying later may work.
        case temporaryFailure
        /// 432 4.7.12: the user must change the password first.
        case passwordTransitionNeeded
        /// 504 5.5.4: the server does not know this mechanism.
        case mechanismNotSupported
        /// 530 5.7.0: the server wants something else first, usually STARTTLS.
        case authenticationNotPossibleHere
        /// 501 after the client cancelled with `*`.
        case cancelled
        /// 501 otherwise: the server could not parse the command or an answer.
        case syntaxError
        /// 500: unknown command, or (5.5.6) a line of the exchange too long.
        case commandRejected
        /// 503: AUTH out of sequence, usually because the session is already authenticated.
        case badSequence
        /// Any other negative reply, or a code that cannot end an exchange.
        case unexpectedReply
    }

    /// The final reply code.
    public let code: Int
    /// The kind of failure.
    public let reason: Reason
    /// The mechanism that was tried.
    public let mechanism: SASLMechanism
    /// What the server said before failing, when it explained itself: the decoded error
    /// challenge of XOAUTH2 or OAUTHBEARER (`{"status":"401",...}`), made safe to print.
    public let serverDetail: String?
    /// Why the client cancelled, when it did.
    public let cancelReason: String?

    /// One or two sentences for the user.
    public var explanation: String {
        var text = Self.sentence(for: reason, code: code, mechanism: mechanism, cancelReason: cancelReason)
        if let serverDetail { text += " The server said: \(serverDetail)" }
        return text
    }

    public var description: String { explanation }

    /// `true` when trying again later, unchanged, may succeed.
    public var isTemporary: Bool { code / 100 == 4 && reason != .passwordTransitionNeeded }

    /// The reason a final reply `code` stands for, given whether the client cancelled.
    static func reason(for code: Int, cancelled: Bool) -> Reason {
        switch code {
        case 535: .invalidCredentials
        case 534: .mechanismTooWeak
        case 538: .encryptionRequired
        case 432: .passwordTransitionNeeded
        case 504: .mechanismNotSupported
        case 530: .authenticationNotPossibleHere
        case 501: cancelled ? .cancelled : .syntaxError
        case 500: .commandRejected
        case 503: .badSequence
        case 400..<500: .temporaryFailure
        default: .unexpectedReply
        }
    }

    /// The plain explanation of one reason.
    private static func sentence(
        for reason: Reason, code: Int, mechanism: SASLMechanism, cancelReason: String?
    ) -> String {
        let what = mechanism.usesBearerToken ? "token" : "user name or password"
        switch reason {
        case .invalidCredentials:
            return mechanism.usesBearerToken
                ? "The server refused the token (\(code)): it may have expired, been revoked, or lack the mail scope."
                : "The server refused the credentials (\(code)): wrong user name or password."
        case .mechanismTooWeak:
            return "The server considers \(mechanism) too weak for this account (\(code)); try a stronger mechanism."
        case .encryptionRequired:
            return "The server accepts \(mechanism) only over an encrypted connection (\(code)): run STARTTLS first."
        case .temporaryFailure:
            return "The server could not check the \(what) just now (\(code)), often because its "
                + "authentication service is unreachable; try again later."
        case .passwordTransitionNeeded:
            return
                "The server wants the password changed or set up once with PLAIN before \(mechanism) works (\(code))."
        case .mechanismNotSupported:
            return "The server does not support \(mechanism) (\(code)); pick one it advertised in its EHLO reply."
        case .authenticationNotPossibleHere:
            return
                "The server will not authenticate on this connection yet (\(code)); most often it wants STARTTLS first."
        case .cancelled:
            return "The exchange was cancelled (\(code)): \(cancelReason ?? "the client sent *")."
        case .syntaxError:
            return "The server could not read the AUTH command or an answer (\(code))."
        case .commandRejected:
            return "The server rejected the command (\(code)): it may not know AUTH, or a line was too long."
        case .badSequence:
            return "The server does not accept AUTH at this point (\(code)): the session may already be authenticated."
        case .unexpectedReply:
            return "The server ended the \(mechanism) exchange with an unexpected reply (\(code))."
        }
    }
}

/// Why an exchange could not be set up with the given credentials.
///
/// Its text names the field at fault but never shows a password or token.
public struct AuthSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One sentence for the user.
    public let description: String
}
