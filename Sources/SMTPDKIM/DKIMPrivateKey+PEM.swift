import Crypto
import SMTPCore
import _CryptoExtras

// FoundationEssentials only: full Foundation costs smtpc megabytes at the prompt (FoundationFreeTests).
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension DKIMPrivateKey {
    /// The key in a PEM file (see ``init(pem:)``).
    public init(contentsOfFile path: String) throws(DKIMKeyError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            let reason = type == nil ? "no such file" : type == .typeDirectory ? "it is a directory" : "permission denied"
            throw .unreadable(path: path, reason: reason)
        }
        try self.init(pem: String(decoding: data, as: UTF8.self))
    }

    /// The key in PEM text: RSA in PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`), Ed25519
    /// in PKCS#8. The first private key block counts; other blocks (a certificate) are ignored.
    public init(pem: String) throws(DKIMKeyError) {
        let blocks = PEMBlock.blocks(in: pem)
        guard let block = blocks.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) ?? blocks.first else {
            throw .notPEM
        }
        switch block.label {
        case "RSA PRIVATE KEY":
            guard !block.hasHeaders else { throw .encrypted }
            let der = try block.der()
            try self.init(rsaDER: der, pkcs1: der[...])
        case "PRIVATE KEY":
            try self.init(pkcs8: try block.der())
        case "ENCRYPTED PRIVATE KEY":
            throw .encrypted
        case "PUBLIC KEY", "RSA PUBLIC KEY":
            throw .publicKey
        case "EC PRIVATE KEY":
            throw .unsupportedKeyType("an EC key")
        case "OPENSSH PRIVATE KEY":
            throw .unsupportedKeyType("an OpenSSH key (convert it: ssh-keygen -p -m PKCS8 -f KEY)")
        default:
            throw .unsupportedKeyType("a PEM '\(block.label)' block, not a private key")
        }
    }

    /// A PKCS#8 PrivateKeyInfo (RFC 5208, RFC 5958): its algorithm says which key it holds.
    private init(pkcs8 der: [UInt8]) throws(DKIMKeyError) {
        do {
            var outer = DERReader(der[...])
            var info = DERReader(try outer.read(DERReader.sequence))
            _ = try info.read(DERReader.integer)
            var algorithm = DERReader(try info.read(DERReader.sequence))
            let oid = Array(try algorithm.read(DERReader.objectIdentifier))
            let privateKey = try info.read(DERReader.octetString)
            switch oid {
            case KeyAlgorithmOID.rsaEncryption:
                try self.init(rsaDER: der, pkcs1: privateKey)
            case KeyAlgorithmOID.ed25519:
                // CurvePrivateKey (RFC 8410 §7): an OCTET STRING of the 32-byte seed.
                var inner = DERReader(privateKey)
                let seed = try inner.read(DERReader.octetString)
                guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
                    throw DKIMKeyError.malformed("an Ed25519 key must be 32 bytes, not \(seed.count)")
                }
                self.init(ed25519: key)
            default:
                throw DKIMKeyError.unsupportedKeyType(KeyAlgorithmOID.name(of: oid))
            }
        } catch let error as DKIMKeyError {
            throw error
        } catch {
            throw .malformed("its PKCS#8 structure cannot be read")
        }
    }

    /// An RSA key from DER swift-crypto reads (PKCS#1 or PKCS#8), refused under 1024 bits.
    /// `pkcs1` is the RSAPrivateKey inside (RFC 8017 §A.1.2), whose modulus, the INTEGER after
    /// the version, tells the size before swift-crypto refuses a short key without saying it.
    private init(rsaDER der: [UInt8], pkcs1: ArraySlice<UInt8>) throws(DKIMKeyError) {
        let bits: Int
        do {
            var outer = DERReader(pkcs1)
            var key = DERReader(try outer.read(DERReader.sequence))
            _ = try key.read(DERReader.integer)
            let modulus = try key.read(DERReader.integer).drop(while: { $0 == 0 })
            bits = modulus.first.map { (modulus.count - 1) * 8 + 8 - $0.leadingZeroBitCount } ?? 0
        } catch {
            throw .malformed("its RSA structure cannot be read")
        }
        guard bits >= 1024 else { throw .rsaKeyTooShort(bits: bits) }
        do {
            self.init(rsa: try _RSA.Signing.PrivateKey(unsafeDERRepresentation: der))
        } catch {
            throw .malformed("swift-crypto refused the RSA key (\(error))")
        }
    }
}
