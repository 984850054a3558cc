import SMTPCore

/// The mechanism to use for `/auth`, chosen from what the server advertised.
public struct MechanismChoice: Sendable, Equatable {
    /// Our preference without a token: the only one that keeps the password off the
    /// wire first, then the two that send it base64-encoded.
    public static let passwordPreference: [SASLMechanism] = [.cramMD5, .plain, .login]
    /// Our preference with a token: the standard one first, then Google's original.
    public static let tokenPreference: [SASLMechanism] = [.oauthBearer, .xoauth2]

    /// The mechanism to run.
    public let mechanism: SASLMechanism
    /// `true` when the connection has no TLS and the mechanism would expose a reusable
    /// secret (the password for PLAIN/LOGIN, the token for XOAUTH2/OAUTHBEARER): ask the
    /// user before sending it.
    public let needsConfirmationWithoutTLS: Bool
    /// Why this mechanism, in one or two sentences.
    public let explanation: String

    /// The strongest mechanism smtpc supports among the `advertised` ones (the AUTH
    /// parameters from EHLO, any case).
    ///
    /// - Parameters:
    ///   - hasToken: a bearer token was given: only OAUTHBEARER or XOAUTH2 will do;
    ///     otherwise CRAM-MD5, PLAIN, LOGIN in that order.
    ///   - isTLSActive: the connection is encrypted.
    ///   - startTLSOffered: the server advertised STARTTLS, so an empty AUTH list may
    ///     only mean "after STARTTLS".
    public static func choose(
        advertised: [String], hasToken: Bool, isTLSActive: Bool, startTLSOffered: Bool
    ) throws(MechanismChoiceError) -> MechanismChoice {
        let offered = try offeredNames(advertised, isTLSActive: isTLSActive, startTLSOffered: startTLSOffered)
        let supported = offered.compactMap(SASLMechanism.init(name:))
        let preference = hasToken ? tokenPreference : passwordPreference
        guard let best = preference.first(where: supported.contains) else {
            throw noneFits(offered: offered, supported: supported, hasToken: hasToken)
        }
        let list = offered.joined(separator: " ")
        let why =
            hasToken
            ? "\(best): a token was given and the server offers it."
            : "\(best): the strongest mechanism the server offers (\(list)) that smtpc supports."
        return MechanismChoice(best, why: why, isTLSActive: isTLSActive, startTLSOffered: startTLSOffered)
    }

    /// ``choose(advertised:hasToken:isTLSActive:startTLSOffered:)`` with the AUTH list and
    /// STARTTLS taken from an EHLO reply's capabilities.
    public static func choose(
        capabilities: Capabilities, hasToken: Bool, isTLSActive: Bool
    ) throws(MechanismChoiceError) -> MechanismChoice {
        try choose(
            advertised: capabilities.authMechanisms, hasToken: hasToken, isTLSActive: isTLSActive,
            startTLSOffered: capabilities.contains("STARTTLS"))
    }

    /// Checks a mechanism the user asked for by name against the `advertised` ones.
    public static func check(
        requested: SASLMechanism, advertised: [String], isTLSActive: Bool, startTLSOffered: Bool
    ) throws(MechanismChoiceError) -> MechanismChoice {
        let offered = try offeredNames(advertised, isTLSActive: isTLSActive, startTLSOffered: startTLSOffered)
        guard offered.contains(requested.name) else {
            throw MechanismChoiceError(
                reason: .notAdvertised,
                description: "The server does not offer \(requested) (it offers: \(offered.joined(separator: " "))).")
        }
        return MechanismChoice(
            requested, why: "\(requested): as asked; the server offers it.", isTLSActive: isTLSActive,
            startTLSOffered: startTLSOffered)
    }

    private init(_ mechanism: SASLMechanism, why: String, isTLSActive: Bool, startTLSOffered: Bool) {
        self.mechanism = mechanism
        needsConfirmationWithoutTLS = !isTLSActive && mechanism.exposesSecretWithoutTLS
        var explanation = why
        if needsConfirmationWithoutTLS {
            let secret = mechanism.usesBearerToken ? "token" : "password"
            explanation += " The connection is not encrypted, so the \(secret) would cross it readable"
            explanation += startTLSOffered ? "; the server offers STARTTLS: run it first." : "."
        }
        self.explanation = explanation
    }

    /// The advertised names, uppercased; throws when there are none, saying why.
    private static func offeredNames(
        _ advertised: [String], isTLSActive: Bool, startTLSOffered: Bool
    ) throws(MechanismChoiceError) -> [String] {
        var offered: [String] = []
        for name in advertised.map({ $0.uppercased() }) where !offered.contains(name) { offered.append(name) }
        guard offered.isEmpty else { return offered }
        if !isTLSActive && startTLSOffered {
            throw MechanismChoiceError(
                reason: .authOnlyAfterSTARTTLS,
                description: "The server advertised no AUTH, but it offers STARTTLS: AUTH is offered only after "
                    + "STARTTLS (a typical Postfix set-up) — run STARTTLS first.")
        }
        throw MechanismChoiceError(
            reason: .noAuthAdvertised,
            description: "The server advertised no AUTH in its EHLO reply, so it does not accept "
                + "authentication on this connection.")
    }

    /// The error when AUTH was advertised but nothing in it suits us.
    private static func noneFits(
        offered: [String], supported: [SASLMechanism], hasToken: Bool
    ) -> MechanismChoiceError {
        let list = offered.joined(separator: " ")
        if hasToken {
            return MechanismChoiceError(
                reason: .noTokenMechanism,
                description:
                    "A token was given, but the server offers neither OAUTHBEARER nor XOAUTH2 (it offers: \(list)).")
        }
        if supported.contains(where: \.usesBearerToken) {
            return MechanismChoiceError(
                reason: .tokenRequired,
                description:
                    "The server offers only token mechanisms (\(list)): authenticate with an OAuth 2.0 bearer token.")
        }
        let ours = SASLMechanism.allCases.map(\.name).joined(separator: " ")
        return MechanismChoiceError(
            reason: .nothingSupported,
            description: "The server offers \(list), none of which smtpc supports (it knows \(ours)).")
    }
}

/// Why no mechanism could be chosen, with a sentence for the user.
public struct MechanismChoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of dead end.
    public enum Reason: Sendable, Hashable {
        /// No AUTH in the EHLO reply, and no STARTTLS that could change that.
        case noAuthAdvertised
        /// No AUTH before TLS, but STARTTLS is offered: AUTH most likely comes after it.
        case authOnlyAfterSTARTTLS
        /// A token was given, but the server offers no OAuth mechanism.
        case noTokenMechanism
        /// No token, and the server offers only OAuth mechanisms.
        case tokenRequired
        /// The server offers only mechanisms smtpc does not implement.
        case nothingSupported
        /// The mechanism the user asked for is not advertised.
        case notAdvertised
    }

    /// The kind of dead end.
    public let reason: Reason
    /// One or two sentences for the user.
    public let description: String
}
