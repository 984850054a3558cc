import Foundation
import SMTPDKIM
import TestSupport
import Testing

/// `smtpc dkim keygen` and `DKIMPrivateKey.generate`: keys openssl and dkimpy read, and a
/// printed record dkimpy verifies with.
@Suite("DKIM key generation")
struct KeygenTests {
    /// The text of a zone file line's quoted strings, joined as DNS joins them (read here with
    /// a pattern, not with the code under test).
    static func recordText(_ zoneLine: String) -> String {
        zoneLine.matches(of: /"([^"]*)"/).map { String($0.output.1) }.joined()
    }

    @Test(arguments: [["--ed25519"], [], ["--bits", "3072"]])
    func keygenWritesAKeyOpenSSLReadsAndARecordDkimpyVerifiesWith(_ options: [String]) throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-keygen").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/key.pem"
        let result = try Binary.run(
            ["dkim", "keygen", "--selector", "sel2026", "--domain", "football.example.com", "--out", path] + options)
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try TestCertificateFiles.openssl(["pkey", "-in", path, "-noout", "-text"])
        #expect(text.contains(options.isEmpty ? "2048 bit" : options == ["--ed25519"] ? "ED25519" : "3072 bit"), "\(text)")

        // The printed line: the name, then strings of at most 255 bytes.
        #expect(result.stdout.hasPrefix("sel2026._domainkey.football.example.com. IN TXT ( \"v=DKIM1; k="))
        let strings = result.stdout.matches(of: /"([^"]*)"/).map { $0.output.1 }
        #expect(strings.allSatisfy { $0.utf8.count <= 255 })
        let record = Self.recordText(result.stdout)
        let key = try DKIMPrivateKey(contentsOfFile: path)
        #expect(record == key.dnsRecord)

        // dkimpy signs with the written key and verifies against the printed record; so does smtpc.
        let signedByDkimpy = try DkimpySigner.sign([
            DkimpySigner.Job(message: SampleMessages.multipart, keyPath: path, domain: "football.example.com", selector: "sel2026")
        ])[0]
        let signedHere = try DkimpyVerificationTests.signer(
            TestKeys.Key(name: "generated", path: path, publicKeyPath: "", key: key)
        ).signed(SampleMessages.multipart)
        let checks = [signedByDkimpy, signedHere].map {
            Dkimpy.Check(message: $0, name: DkimpyVerificationTests.name, key: .record(record))
        }
        #expect(try Dkimpy.verdicts(checks) == ["pass", "pass"])
    }

    @Test func keygenRefusesToOverwriteWithoutForce() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-keygen").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/key.pem"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let arguments = ["dkim", "keygen", "--selector", "s", "--domain", "example.com", "--ed25519", "--out", path]
        let refused = try Binary.run(arguments)
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("exists (give --force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let forced = try Binary.run(arguments + ["--force"])
        #expect(forced.status == 0)
        #expect(try DKIMPrivateKey(contentsOfFile: path).algorithm == .ed25519SHA256)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(try Binary.run(["dkim", "keygen", "--selector", "s", "--domain", "example.com", "--bits", "1000"]).status == 64)
        #expect(try Binary.run(["dkim", "keygen", "--selector", "s;", "--domain", "example.com"]).status == 64)
    }

    /// Generated keys load back from their own PEM; sizes outside 1024–4096 are refused.
    @Test func generatedKeysRoundTripThroughPEM() throws {
        for kind in [DKIMPrivateKey.Kind.ed25519, .rsa(bits: 1024)] {
            let key = try DKIMPrivateKey.generate(kind)
            let loaded = try DKIMPrivateKey(pem: key.pemRepresentation)
            #expect(loaded.dnsRecord == key.dnsRecord)
            #expect(key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        }
        #expect(throws: DKIMKeyError.unsupportedKeySize(bits: 512)) { try DKIMPrivateKey.generate(.rsa(bits: 512)) }
        #expect(throws: DKIMKeyError.unsupportedKeySize(bits: 2049)) { try DKIMPrivateKey.generate(.rsa(bits: 2049)) }
    }
}
