import Foundation
import SMTPDKIM
import TestSupport
import Testing

/// DKIMVerifier on messages signed by dkimpy, an independent signer, and on the same
/// messages altered, each failing with its reason.
@Suite("DKIM verification")
struct VerifierTests {
    static let domain = "football.example.com"
    static let selector = "sel2026"

    /// The key record made from openssl's public key, not by the code under test.
    static func record(_ key: TestKeys.Key) throws -> String {
        let pem = try String(contentsOfFile: key.publicKeyPath, encoding: .utf8)
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard key.key.algorithm == .ed25519SHA256 else { return "v=DKIM1; k=rsa; p=\(base64)" }
        // RFC 8463: p= is the 32 bytes after the SubjectPublicKeyInfo's 12-byte prefix.
        let raw = Data(base64Encoded: base64)!.dropFirst(12)
        return "v=DKIM1; k=ed25519; p=\(raw.base64EncodedString())"
    }

    /// A verifier that knows `record` at the test's name, and the time `now`.
    static func verifier(_ record: String?, now: UInt64 = 1_800_000_000) -> DKIMVerifier {
        DKIMVerifier(
            clock: { now },
            keyLookup: { selector, domain in selector == Self.selector && domain == Self.domain ? record : nil })
    }

    @Test func everyDkimpySignatureVerifies() throws {
        let keys = try TestKeys.shared()
        var jobs: [DkimpySigner.Job] = []
        var records: [String] = []
        for key in [keys.rsaPKCS8, keys.ed25519] {
            for canonicalization in ["relaxed/relaxed", "simple/simple", "relaxed/simple", "simple/relaxed"] {
                for (_, message) in SampleMessages.all {
                    jobs.append(
                        DkimpySigner.Job(
                            message: message, keyPath: key.path, domain: Self.domain, selector: Self.selector,
                            canonicalization: canonicalization))
                    records.append(try Self.record(key))
                }
            }
        }
        for (index, signed) in try DkimpySigner.sign(jobs).enumerated() {
            let results = Self.verifier(records[index]).verify(signed)
            #expect(results.count == 1)
            #expect(results.first?.result == .pass, "\(jobs[index].canonicalization) #\(index): \(results)")
            #expect(results.first?.domain == Self.domain && results.first?.selector == Self.selector)
        }
    }

    /// Altered after dkimpy signed: each change fails with the reason an operator needs.
    @Test func alteredMessagesFailWithTheirReason() throws {
        let keys = try TestKeys.shared()
        for key in [keys.rsaPKCS1, keys.ed25519] {
            let signed = try DkimpySigner.sign([
                DkimpySigner.Job(message: SampleMessages.plain, keyPath: key.path, domain: Self.domain, selector: Self.selector)
            ])[0]
            let text = String(decoding: signed, as: UTF8.self)
            let record = try Self.record(key)
            func check(_ message: String, _ record: String?, _ result: DKIMVerification.Result, _ reason: String?) {
                let found = Self.verifier(record).verify(Array(message.utf8))
                #expect(found.first?.result == result, "\(key.name) \(reason ?? "pass"): \(found)")
                #expect(found.first?.reason == reason, "\(key.name): \(found)")
            }
            check(text, record, .pass, nil)
            check("X-Added: unsigned\r\n" + text, record, .pass, nil)
            check(text.replacing("We lost", with: "We won"), record, .fail, "body hash did not verify")
            check(text.replacing("dinner ready", with: "lunch ready"), record, .fail, "signature did not verify")
            check(text, nil, .permerror, "no key for signature at sel2026._domainkey.football.example.com")
            check(text, "v=DKIM1; k=\(key.key.algorithm.keyType); p=", .permerror, "key revoked")
            check(
                text, "v=DKIM1; k=rsa; p=\(key.key.publicKeyBase64)", key.name == "ed25519" ? .permerror : .pass,
                key.name == "ed25519" ? "key type rsa does not match a=ed25519-sha256" : nil)
            check(text.replacing(" bh=", with: " xh="), record, .neutral, "signature has no bh= tag")
            check(text.replacing("v=1;", with: "v=1; v=1;"), record, .neutral, "signature syntax error: the tag v= appears twice")
        }
    }

    /// `l=` is honoured (what follows the signed length may change, and the pass says so);
    /// `x=` is compared with the injected clock.
    @Test func lengthAndExpiry() throws {
        let key = try TestKeys.shared().rsaPKCS8
        let record = try Self.record(key)
        let signed = try DkimpySigner.sign([
            DkimpySigner.Job(
                message: SampleMessages.plain, keyPath: key.path, domain: Self.domain, selector: Self.selector, length: true)
        ])[0]
        let appended = Self.verifier(record).verify(signed + Array("P.S. added in transit\r\n".utf8))
        #expect(appended.first?.result == .pass)
        #expect(appended.first?.reason?.contains("body bytes are signed (l=)") == true, "\(appended)")
        let cut = Self.verifier(record).verify(Array(signed.dropLast(12)) + [0x0D, 0x0A])
        #expect(cut.first?.result == .fail, "\(cut)")

        let expiring = try DKIMSigner(
            key: key.key, domain: Self.domain, selector: Self.selector, timestamp: 1_000, expiration: 2_000
        ).signed(SampleMessages.plain)
        #expect(Self.verifier(record, now: 1_500).verify(expiring).first?.result == .pass)
        #expect(Self.verifier(record, now: 2_001).verify(expiring).first?.reason == "signature expired")
    }

    @Test func authenticationResultsWording() throws {
        let key = try TestKeys.shared().ed25519
        let signed = try DKIMSigner(key: key.key, domain: Self.domain, selector: Self.selector).signed(SampleMessages.plain)
        let pass = Self.verifier(key.key.dnsRecord).verify(signed)
        let field = DKIMVerification.authenticationResultsField(host: "mx.example.net", pass)
        #expect(field.hasPrefix("Authentication-Results: mx.example.net;\r\n\tdkim=pass header.d=football.example.com "))
        #expect(field.contains("header.s=sel2026 header.a=ed25519-sha256 header.b="))
        #expect(DKIMVerification.authenticationResultsField(host: "h", []) == "Authentication-Results: h;\r\n\tdkim=none\r\n")
        let fail = DKIMVerification(.fail, reason: "body hash did not verify", domain: "d.example", selector: "s")
        #expect(fail.resultInfo == "dkim=fail (body hash did not verify) header.d=d.example header.s=s")
        #expect(Self.verifier(nil).verify(SampleMessages.plain).isEmpty)
    }
}
