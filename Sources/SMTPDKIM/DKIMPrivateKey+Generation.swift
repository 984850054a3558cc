import Crypto
import SMTPCore
import _CryptoExtras

extension DKIMPrivateKey {
    /// The kind of key ``generate(_:)`` makes.
    public enum Kind: Sendable, Hashable {
        /// RSA of `bits` bits (1024 to 4096, a multiple of 8; 2048 is what RFC 8301 recommends).
        case rsa(bits: Int)
        /// Ed25519 (RFC 8463).
        case ed25519
    }

    /// A new random key, made by swift-crypto.
    public static func generate(_ kind: Kind) throws(DKIMKeyError) -> DKIMPrivateKey {
        switch kind {
        case .ed25519:
            return DKIMPrivateKey(ed25519: Curve25519.Signing.PrivateKey())
        case .rsa(let bits):
            guard (1024...4096).contains(bits) && bits % 8 == 0 else { throw .unsupportedKeySize(bits: bits) }
            do {
                return DKIMPrivateKey(rsa: try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: bits)))
            } catch {
                throw .generationFailed("\(error)")
            }
        }
    }

    /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), which ``init(pem:)``, OpenSSL
    /// and dkimpy read.
    public var pemRepresentation: String {
        switch backing {
        case .rsa(let key):
            return key.pkcs8PEMRepresentation
        case .ed25519(let key):
            // RFC 8410 §7: PrivateKeyInfo { version 0, AlgorithmIdentifier { 1.3.101.112 },
            // OCTET STRING { OCTET STRING { the 32-byte seed } } }; all but the seed is fixed.
            let prefix: [UInt8] = [
                0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
            ]
            return Base64.pem(label: "PRIVATE KEY", der: prefix + Array(key.rawRepresentation))
        }
    }

    /// The record to publish, as a zone file line: ``dnsRecord`` at `SELECTOR._domainkey.DOMAIN`,
    /// in quoted strings of at most 255 bytes each (a TXT record's limit, RFC 1035 §3.3.14), which
    /// DNS joins back together: `sel._domainkey.example.com. IN TXT ( "v=DKIM1; k=rsa; " "p=…" )`.
    public func zoneFileRecord(selector: String, domain: String) -> String {
        let strings = ["v=DKIM1; k=\(algorithm.keyType); "] + ("p=" + publicKeyBase64).pieces(ofLength: 255).map(String.init)
        let quoted = strings.map { "\"\($0)\"" }.joined(separator: "\n\t")
        return "\(selector)._domainkey.\(domain). IN TXT ( \(quoted) )"
    }
}
