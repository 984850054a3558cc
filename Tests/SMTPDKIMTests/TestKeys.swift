import Foundation
import SMTPDKIM
import TestSupport

/// Keys made by the openssl command, once per test process: the files, the public key as
/// `openssl pkey -pubout` writes it, and the key as SMTPDKIM loads it.
struct TestKeys: Sendable {
    struct Key: Sendable {
        let name: String
        let path: String
        /// The public key's PEM, written by openssl, not by the code under test.
        let publicKeyPath: String
        let key: DKIMPrivateKey
    }

    let directory: String
    /// RSA 2048 in PKCS#8 (`BEGIN PRIVATE KEY`).
    let rsaPKCS8: Key
    /// RSA 2048 in PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    let rsaPKCS1: Key
    let ed25519: Key

    var all: [Key] { [rsaPKCS8, rsaPKCS1, ed25519] }

    /// The keys, made on first use.
    static func shared() throws -> TestKeys { try made.get() }

    private static let made = Result { try TestKeys.make() }

    private static func make() throws -> TestKeys {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-dkim-keys").path
        func key(_ name: String, _ arguments: [String]) throws -> Key {
            let path = "\(directory)/\(name).pem"
            let publicKeyPath = "\(directory)/\(name).pub"
            try openssl(output: path, arguments)
            try openssl(output: publicKeyPath, ["pkey", "-in", path, "-pubout"])
            return Key(name: name, path: path, publicKeyPath: publicKeyPath, key: try DKIMPrivateKey(contentsOfFile: path))
        }
        return TestKeys(
            directory: directory,
            rsaPKCS8: try key("rsa-pkcs8", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
            rsaPKCS1: try key("rsa-pkcs1", ["genrsa", "-traditional", "2048"]),
            ed25519: try key("ed25519", ["genpkey", "-algorithm", "ed25519"]))
    }

    /// Runs the openssl command `arguments` (`genrsa 2048`) writing to `output` (`-out` goes
    /// first, since genrsa wants the size last), failing with its standard error.
    static func openssl(output: String, _ arguments: [String]) throws {
        _ = try TestCertificateFiles.openssl([arguments[0], "-out", output] + arguments.dropFirst())
    }
}
