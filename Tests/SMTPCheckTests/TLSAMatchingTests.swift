import Foundation
import TestSupport
import Testing

@testable import SMTPCheck

/// TLSA records matched against a chain made by openssl (an RSA CA and an EC server
/// certificate it issued), the expected digests computed by openssl too.
@Suite("TLSA matching")
struct TLSAMatchingTests {
    /// The chain and openssl's digests and key bytes for it.
    struct Chain {
        let leaf: [UInt8]
        let ca: [UInt8]
        let directory: URL

        init() throws {
            directory = try makeTemporaryDirectory(prefix: "smtpc-tlsa")
            try Self.shell(
                """
                openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=TLSA-Test-CA -days 2 \
                  -addext basicConstraints=critical,CA:TRUE
                openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj /CN=mx.example
                openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 2
                openssl x509 -in leaf.pem -outform DER -out leaf.der
                openssl x509 -in ca.pem -outform DER -out ca.der
                openssl x509 -in leaf.pem -pubkey -noout | openssl pkey -pubin -outform DER -out leaf.spki
                openssl x509 -in ca.pem -pubkey -noout | openssl pkey -pubin -outform DER -out ca.spki
                """, in: directory)
            leaf = try Self.bytes(directory.appendingPathComponent("leaf.der"))
            ca = try Self.bytes(directory.appendingPathComponent("ca.der"))
        }

        /// openssl's digest of `command`'s output, in hex: `sha256` or `sha512`.
        func digest(_ command: String, _ algorithm: String) throws -> String {
            let output = try Self.shell("\(command) | openssl dgst -\(algorithm) -r", in: directory)
            return String(output.prefix { $0 != " " })
        }

        /// The SubjectPublicKeyInfo's SHA-256, as `openssl x509 -pubkey | openssl pkey` gives the key.
        func spkiSHA256(_ name: String) throws -> String {
            try digest("openssl x509 -in \(name).pem -pubkey -noout | openssl pkey -pubin -outform DER", "sha256")
        }

        /// The whole certificate's digest.
        func certificateDigest(_ name: String, _ algorithm: String) throws -> String {
            try digest("openssl x509 -in \(name).pem -outform DER", algorithm)
        }

        func spki(_ name: String) throws -> [UInt8] { try Self.bytes(directory.appendingPathComponent(name + ".spki")) }

        static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

        @discardableResult
        static func shell(_ script: String, in directory: URL) throws -> String {
            let result = try Binary.run(executable: "/bin/sh", ["-ec", "cd '\(directory.path)'\n" + script])
            guard result.status == 0 else { throw ShellError(stderr: result.stderr) }
            return result.stdout
        }

        struct ShellError: Error { let stderr: String }
    }

    static func record(_ text: String) throws -> TLSARecord { try TLSARecord(presentation: text) }

    @Test func recordsMatchAtTheirDepth() throws {
        let chain = try Chain()
        defer { try? FileManager.default.removeItem(at: chain.directory) }
        let certificates = [chain.leaf, chain.ca]
        #expect(try TLSARecord.subjectPublicKeyInfo(of: chain.leaf) == chain.spki("leaf"))
        #expect(try TLSARecord.subjectPublicKeyInfo(of: chain.ca) == chain.spki("ca"))

        let leafSPKI = try chain.spkiSHA256("leaf")
        #expect(try Self.record("3 1 1 " + leafSPKI).matchingDepth(in: certificates) == 0)
        #expect(try Self.record("3 0 2 " + chain.certificateDigest("leaf", "sha512")).matchingDepth(in: certificates) == 0)
        let exactKey = TLSARecord(usage: .daneEE, selector: .subjectPublicKeyInfo, matchingType: .exact, data: try chain.spki("leaf"))
        #expect(try exactKey.matchingDepth(in: certificates) == 0)
        let caCertificate = try chain.certificateDigest("ca", "sha256")
        #expect(try Self.record("2 0 1 " + caCertificate).matchingDepth(in: certificates) == 1)
        #expect(try Self.record("2 1 1 " + chain.spkiSHA256("ca")).matchingDepth(in: certificates) == 1)
        #expect(try Self.record("2 0 0 " + chain.ca.map { String(format: "%02x", $0) }.joined()).matchingDepth(in: certificates) == 1)
    }

    @Test func nonMatches() throws {
        let chain = try Chain()
        defer { try? FileManager.default.removeItem(at: chain.directory) }
        let certificates = [chain.leaf, chain.ca]
        let leafSPKI = try chain.spkiSHA256("leaf")
        let wrong = String(leafSPKI.dropLast()) + (leafSPKI.hasSuffix("0") ? "1" : "0")
        #expect(try Self.record("3 1 1 " + wrong).matchingDepth(in: certificates) == nil)
        // An EE record for the CA, a TA record for the server's own certificate.
        #expect(try Self.record("3 0 1 " + chain.certificateDigest("ca", "sha256")).matchingDepth(in: certificates) == nil)
        #expect(try Self.record("2 1 1 " + leafSPKI).matchingDepth(in: certificates) == nil)
        #expect(try Self.record("2 1 1 " + chain.spkiSHA256("ca")).matchingDepth(in: [chain.leaf]) == nil)
        // PKIX usages are ignored even when their data would match.
        #expect(try Self.record("1 1 1 " + leafSPKI).matchingDepth(in: certificates) == nil)
        #expect(try Self.record("0 0 1 " + chain.certificateDigest("ca", "sha256")).matchingDepth(in: certificates) == nil)
    }

    @Test func whichRecordOfASetMatched() throws {
        let chain = try Chain()
        defer { try? FileManager.default.removeItem(at: chain.directory) }
        let caCertificate = try chain.certificateDigest("ca", "sha256")
        let records = [
            try Self.record("3 1 1 " + String(repeating: "00", count: 32)),
            try Self.record("0 0 1 " + caCertificate),
            try Self.record("2 0 1 " + caCertificate),
        ]
        let match = try TLSARecord.firstMatch(in: records, chain: [chain.leaf, chain.ca])
        #expect(match == TLSAMatch(index: 2, record: records[2], depth: 1))
        #expect(try TLSARecord.firstMatch(in: Array(records.prefix(2)), chain: [chain.leaf, chain.ca]) == nil)
        #expect(throws: (any Error).self) { try records[0].matchingDepth(in: [[0x30, 0x00]]) }
    }
}
