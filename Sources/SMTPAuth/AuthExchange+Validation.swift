extension AuthExchange {
    /// Refuses credentials the mechanism cannot carry faithfully; see `init`.
    ///
    /// Messages name the field, never its value when it is the password or token.
    static func validate(
        mechanism: SASLMechanism, credentials: SASLCredentials, host: String?, port: Int?
    ) throws(AuthSetupError) {
        if mechanism.usesBearerToken && !credentials.hasToken {
            throw AuthSetupError(description: "\(mechanism) needs an OAuth 2.0 bearer token, not a password.")
        }
        if !mechanism.usesBearerToken && credentials.hasToken {
            throw AuthSetupError(description: "\(mechanism) needs a password, not a bearer token.")
        }
        let secretName = credentials.hasToken ? "token" : "password"
        switch mechanism {
        case .plain:
            // RFC 4616 §2: NUL separates the three fields, so none may contain one.
            try refuse(
                0x00, named: "NUL", in: credentials, secretName: secretName,
                because: "PLAIN separates its fields with it")
        case .login, .cramMD5:
            // Each answer is base64 of one field (or of `user digest`): any byte can be carried.
            break
        case .xoauth2, .oauthBearer:
            // ^A separates the key-value pairs.
            try refuse(
                0x01, named: "^A (0x01)", in: credentials, secretName: secretName,
                because: "\(mechanism) separates its fields with it")
            if let host, host.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                throw AuthSetupError(description: "The host name must not contain control characters.")
            }
        }
        if let port, !(1...65535).contains(port) {
            throw AuthSetupError(description: "The port must be between 1 and 65535, not \(port).")
        }
    }

    /// Throws when the user name, authorization identity or secret contains `byte`.
    private static func refuse(
        _ byte: UInt8, named name: String, in credentials: SASLCredentials, secretName: String, because why: String
    ) throws(AuthSetupError) {
        let fields: [(String, [UInt8])] = [
            ("user name", Array(credentials.username.utf8)),
            ("authorization identity", Array(credentials.authorizationIdentity.utf8)),
            (secretName, credentials.secret.bytes),
        ]
        for (field, bytes) in fields where bytes.contains(byte) {
            throw AuthSetupError(description: "The \(field) must not contain \(name): \(why).")
        }
    }
}
