/// Why a DKIM private key could not be loaded.
public enum DKIMKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key file could not be read.
    case unreadable(path: String, reason: String)
    /// The text has no `-----BEGIN …-----` block.
    case notPEM
    /// The key is protected by a passphrase, which the signer does not ask for.
    case encrypted
    /// The file holds a public key; signing needs the private one.
    case publicKey
    /// A key of a kind DKIM does not sign with (EC, Ed448, an OpenSSH key, a certificate …).
    case unsupportedKeyType(String)
    /// The PEM block's base64 or DER does not hold a key.
    case malformed(String)
    /// An RSA key under 1024 bits, which RFC 8301 forbids signers to use.
    case rsaKeyTooShort(bits: Int)
    /// An RSA size to generate outside 1024–4096 bits or not a whole number of bytes.
    case unsupportedKeySize(bits: Int)
    /// swift-crypto could not make a key.
    case generationFailed(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the DKIM key \(path): \(reason)"
        case .notPEM:
            "the DKIM key is not in PEM form (no '-----BEGIN … PRIVATE KEY-----' line)"
        case .encrypted:
            "the DKIM key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)"
        case .publicKey:
            "the DKIM key file holds a public key; signing needs the private key"
        case .unsupportedKeyType(let kind):
            "the DKIM key is \(kind); DKIM signs with RSA (rsa-sha256) or Ed25519 (ed25519-sha256)"
        case .malformed(let reason):
            "the DKIM key is malformed: \(reason)"
        case .rsaKeyTooShort(let bits):
            "the DKIM key is an RSA key of \(bits) bits; at least 1024 are required (RFC 8301), 2048 recommended"
        case .unsupportedKeySize(let bits):
            "cannot make an RSA key of \(bits) bits: give 1024 to 4096, a multiple of 8 (2048 is recommended, RFC 8301)"
        case .generationFailed(let reason):
            "the DKIM key could not be made: \(reason)"
        }
    }
}
