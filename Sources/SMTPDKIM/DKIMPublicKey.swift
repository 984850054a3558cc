import Crypto
import SMTPCore
import _CryptoExtras

/// A public key from a DKIM key record (RFC 6376 §3.6.1; RFC 8463 for Ed25519), to check
/// signatures with swift-crypto.
struct DKIMPublicKey {
    private enum Backing {
        case rsa(_RSA.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
    }

    private let backing: Backing

    /// The key of a TXT record (`v=DKIM1; k=rsa; p=…`) for a signature made with `algorithm`;
    /// a refusal (`permerror`) when the record is malformed, revoked or for another algorithm.
    init(record: String, for algorithm: DKIMAlgorithm) throws(DKIMSignatureField.Refusal) {
        func refusal(_ reason: String) -> DKIMSignatureField.Refusal { .init(result: .permerror, reason: reason) }
        let tags: DKIMTagList
        do {
            tags = try DKIMTagList(Array(record.utf8)[...])
        } catch {
            throw refusal("key syntax error: \(error.reason)")
        }
        if let version = tags["v"], version != "DKIM1" || tags.tags.first?.name != "v" {
            throw refusal("key syntax error: v= is not DKIM1 first")
        }
        if let hashes = tags["h"], !DKIMTagList.compact(hashes).lowercased().split(separator: ":").contains("sha256") {
            throw refusal("key does not allow sha256 (h=\(hashes))")
        }
        if let services = tags["s"], !DKIMTagList.compact(services).split(separator: ":").contains(where: { $0 == "*" || $0 == "email" }) {
            throw refusal("key is not for email (s=\(services))")
        }
        guard let publicKey = tags["p"] else { throw refusal("key syntax error: no p= tag") }
        guard !publicKey.isEmpty else { throw refusal("key revoked") }
        let keyType = tags["k"]?.lowercased() ?? "rsa"
        guard keyType == algorithm.keyType else { throw refusal("key type \(keyType) does not match a=\(algorithm.rawValue)") }
        guard let bytes = try? Base64.decode(DKIMTagList.compact(publicKey)) else { throw refusal("key syntax error: p= is not base64") }
        switch algorithm {
        case .rsaSHA256:
            guard let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: bytes) else {
                throw refusal("key syntax error: p= is not an RSA public key")
            }
            guard key.keySizeInBits >= 1024 else { throw refusal("key too short: \(key.keySizeInBits) bits (RFC 8301)") }
            backing = .rsa(key)
        case .ed25519SHA256:
            guard bytes.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else {
                throw refusal("key syntax error: p= is not a 32-byte Ed25519 key")
            }
            backing = .ed25519(key)
        }
    }

    /// `true` when `signature` is this key's over `data`, the canonicalized header fields (the
    /// counterpart of ``DKIMPrivateKey``'s signing).
    func isValidSignature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        switch backing {
        case .rsa(let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: data, padding: .insecurePKCS1v1_5)
        case .ed25519(let key):
            return key.isValidSignature(signature, for: Array(SHA256.hash(data: data)))
        }
    }
}
