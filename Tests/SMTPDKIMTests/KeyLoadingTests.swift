import Foundation
import SMTPCore
import SMTPDKIM
import Testing

/// PEM key files as openssl writes them, and the errors for files that are not such keys.
@Suite("DKIM key loading")
struct KeyLoadingTests {
    /// The base64 of the DER in a PEM text, as openssl wrote it.
    static func pemBody(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("-----") }.joined()
    }

    @Test func rsaKeysLoadInBothFormsWithTheirRecord() throws {
        let keys = try TestKeys.shared()
        for key in [keys.rsaPKCS8, keys.rsaPKCS1] {
            #expect(key.key.algorithm == .rsaSHA256)
            #expect(key.key.bitCount == 2048)
            // openssl's SubjectPublicKeyInfo is the p= value.
            #expect(key.key.dnsRecord == "v=DKIM1; k=rsa; p=" + (try Self.pemBody(key.publicKeyPath)))
        }
        #expect(try String(contentsOfFile: keys.rsaPKCS1.path, encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try String(contentsOfFile: keys.rsaPKCS8.path, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func ed25519KeyLoadsWithItsRawPublicKey() throws {
        let key = try TestKeys.shared().ed25519
        #expect(key.key.algorithm == .ed25519SHA256)
        // The last 32 bytes of openssl's SubjectPublicKeyInfo are the key itself.
        let spki = try Base64.decode(try Self.pemBody(key.publicKeyPath))
        #expect(key.key.dnsRecord == "v=DKIM1; k=ed25519; p=" + Base64.encode(spki.suffix(32)))
    }

    /// A key file openssl writes with `arguments`, loaded.
    static func load(_ arguments: [String]) throws -> DKIMPrivateKey {
        let path = try TestKeys.shared().directory + "/other-\(UUID().uuidString).pem"
        try TestKeys.openssl(output: path, arguments)
        return try DKIMPrivateKey(contentsOfFile: path)
    }

    @Test func wrongKeysAreRefusedByName() throws {
        #expect(throws: DKIMKeyError.rsaKeyTooShort(bits: 768)) {
            try Self.load(["genrsa", "-traditional", "768"])
        }
        #expect(throws: DKIMKeyError.rsaKeyTooShort(bits: 768)) {
            try Self.load(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768"])
        }
        #expect(throws: DKIMKeyError.unsupportedKeyType("an EC key")) {
            try Self.load(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        }
        #expect(throws: DKIMKeyError.unsupportedKeyType("an Ed448 key")) {
            try Self.load(["genpkey", "-algorithm", "ed448"])
        }
        #expect(throws: DKIMKeyError.encrypted) {
            try Self.load(["genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret"])
        }
        let keys = try TestKeys.shared()
        #expect(throws: DKIMKeyError.publicKey) { try DKIMPrivateKey(contentsOfFile: keys.ed25519.publicKeyPath) }
    }

    @Test func unreadableAndNonPEMFiles() throws {
        let directory = try TestKeys.shared().directory
        #expect(throws: DKIMKeyError.unreadable(path: directory + "/missing.pem", reason: "cannot open: No such file or directory")) {
            try DKIMPrivateKey(contentsOfFile: directory + "/missing.pem")
        }
        #expect(throws: DKIMKeyError.unreadable(path: directory, reason: "is a directory")) {
            try DKIMPrivateKey(contentsOfFile: directory)
        }
        #expect(throws: DKIMKeyError.notPEM) { try DKIMPrivateKey(pem: "ssh-ed25519 AAAA… joe@example") }
        #expect(throws: DKIMKeyError.self) {
            try DKIMPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nMIIB!!\n-----END PRIVATE KEY-----\n")
        }
        #expect(
            DKIMKeyError.rsaKeyTooShort(bits: 512).description
                == "the DKIM key is an RSA key of 512 bits; at least 1024 are required (RFC 8301), 2048 recommended")
    }
}
