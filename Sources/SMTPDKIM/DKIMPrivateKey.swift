import Crypto
import SMTPCore
import _CryptoExtras

/// A DKIM signing algorithm, the `a=` tag.
public enum DKIMAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// RSA with PKCS#1 v1.5 padding over SHA-256 (RFC 6376 §3.3.1).
    case rsaSHA256 = "rsa-sha256"
    /// Ed25519 over the SHA-256 hash (RFC 8463).
    case ed25519SHA256 = "ed25519-sha256"

    /// The key type, the `k=` tag of the key record.
    public var keyType: String {
        switch self {
        case .rsaSHA256: "rsa"
        case .ed25519SHA256: "ed25519"
        }
    }
}

/// A private key to sign with: RSA (1024 bits or more) or Ed25519, through swift-crypto.
public struct DKIMPrivateKey: Sendable {
    enum Backing: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let backing: Backing

    /// An RSA key (swift-crypto makes none under 1024 bits).
    public init(rsa key: _RSA.Signing.PrivateKey) { backing = .rsa(key) }

    /// An Ed25519 key.
    public init(ed25519 key: Curve25519.Signing.PrivateKey) { backing = .ed25519(key) }

    /// The algorithm this key signs with.
    public var algorithm: DKIMAlgorithm {
        switch backing {
        case .rsa: .rsaSHA256
        case .ed25519: .ed25519SHA256
        }
    }

    /// The key's size: the RSA modulus's bits, or 256 for Ed25519.
    public var bitCount: Int {
        switch backing {
        case .rsa(let key): key.keySizeInBits
        case .ed25519: 256
        }
    }

    /// The public key as the `p=` tag has it: base64 of the DER SubjectPublicKeyInfo for RSA
    /// (RFC 6376 §3.6.1, as OpenSSL writes it), of the 32 raw bytes for Ed25519 (RFC 8463 §4).
    public var publicKeyBase64: String {
        switch backing {
        case .rsa(let key): Base64.encode(Array(key.publicKey.derRepresentation))
        case .ed25519(let key): Base64.encode(Array(key.publicKey.rawRepresentation))
        }
    }

    /// The TXT record to publish at `SELECTOR._domainkey.DOMAIN`: `v=DKIM1; k=rsa; p=…`.
    public var dnsRecord: String { "v=DKIM1; k=\(algorithm.keyType); p=\(publicKeyBase64)" }

    /// The signature of `data`, the canonicalized header fields: RSA PKCS#1 v1.5 over their
    /// SHA-256, or Ed25519 over their SHA-256 (RFC 8463 §3: the hash is what is signed).
    func signature(of data: [UInt8]) throws -> [UInt8] {
        switch backing {
        case .rsa(let key):
            return Array(try key.signature(for: data, padding: .insecurePKCS1v1_5).rawRepresentation)
        case .ed25519(let key):
            return Array(try key.signature(for: Array(SHA256.hash(data: data))))
        }
    }
}
