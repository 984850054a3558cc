import Crypto

/// The client messages of each mechanism, as raw bytes before base64.
///
/// Kept apart from the exchange so the RFC test vectors can check each one directly.
enum SASLPayload {
    /// The control-A separator of XOAUTH2 and OAUTHBEARER key-value pairs.
    static let controlA: UInt8 = 0x01

    /// RFC 4616 §2: `[authzid] NUL authcid NUL passwd`.
    static func plain(authorizationIdentity: String, username: String, password: Secret) -> [UInt8] {
        Array(authorizationIdentity.utf8) + [0] + Array(username.utf8) + [0] + password.bytes
    }

    /// RFC 2195 §2: the user name, a space, and the HMAC-MD5 of the challenge keyed with
    /// the password, as 32 lowercase hex digits.
    static func cramMD5(username: String, password: Secret, challenge: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: password.bytes)
        let digest = HMAC<Insecure.MD5>.authenticationCode(for: challenge, using: key)
        return Array(username.utf8) + [UInt8(ascii: " ")] + Array(hex(Array(digest)).utf8)
    }

    /// Google's XOAUTH2: `user=NAME ^A auth=Bearer TOKEN ^A ^A`.
    static func xoauth2(username: String, token: Secret) -> [UInt8] {
        Array("user=\(username)".utf8) + [controlA] + bearer(token) + [controlA, controlA]
    }

    /// RFC 7628 §3.1: the GS2 header `n,a=NAME,` (no channel binding), then
    /// `^Ahost=H^Aport=P^Aauth=Bearer TOKEN^A^A`; host and port only when known.
    static func oauthBearer(authorizationIdentity: String, host: String?, port: Int?, token: Secret) -> [UInt8] {
        var header = "n,"
        if !authorizationIdentity.isEmpty { header += "a=" + gs2Escaped(authorizationIdentity) }
        header += ","
        var message = Array(header.utf8)
        if let host { message += [controlA] + Array("host=\(host)".utf8) }
        if let port { message += [controlA] + Array("port=\(port)".utf8) }
        return message + [controlA] + bearer(token) + [controlA, controlA]
    }

    /// RFC 7628 §3.2.3: after an error challenge the client sends a lone ^A, and the
    /// server then fails the exchange.
    static let oauthBearerErrorAcknowledgement: [UInt8] = [controlA]

    /// `auth=Bearer TOKEN`, the RFC 6750 credentials in both OAuth mechanisms.
    private static func bearer(_ token: Secret) -> [UInt8] {
        Array("auth=Bearer ".utf8) + token.bytes
    }

    /// RFC 5801 §4 saslname: `,` and `=` would end the field, so they become `=2C`, `=3D`.
    static func gs2Escaped(_ name: String) -> String {
        var escaped = ""
        for character in name {
            switch character {
            case ",": escaped += "=2C"
            case "=": escaped += "=3D"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Lowercase hexadecimal, two digits per byte.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
