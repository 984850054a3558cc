import SMTPDKIM
import Testing

/// Signatures made here, verified by dkimpy, an independent implementation, with the key record
/// SMTPDKIM produced and with one made from openssl's public key.
@Suite("DKIM signatures verified by dkimpy")
struct DkimpyVerificationTests {
    static let canonicalizations: [Canonicalization] = [
        .relaxed, .simple, Canonicalization(header: .relaxed, body: .simple),
        Canonicalization(header: .simple, body: .relaxed),
    ]
    static let name = "sel2026._domainkey.football.example.com"

    /// A signer for `key` with the test's domain and selector.
    static func signer(
        _ key: TestKeys.Key, _ canonicalization: Canonicalization = .relaxed, oversign: Bool = false
    ) throws -> DKIMSigner {
        try DKIMSigner(
            key: key.key, domain: "football.example.com", selector: "sel2026", canonicalization: canonicalization,
            oversign: oversign, timestamp: 1_780_000_000, expiration: 4_000_000_000)
    }

    @Test func everyKeyCanonicalizationAndMessageVerifies() throws {
        let keys = try TestKeys.shared()
        var checks: [Dkimpy.Check] = []
        var labels: [String] = []
        for key in keys.all {
            for canonicalization in Self.canonicalizations {
                let signer = try Self.signer(key, canonicalization)
                for (name, message) in SampleMessages.all {
                    let signed = try signer.signed(message)
                    for source in [Dkimpy.KeySource.record(key.key.dnsRecord), .publicKey(path: key.publicKeyPath)] {
                        checks.append(Dkimpy.Check(message: signed, name: Self.name, key: source))
                        labels.append("\(key.name) \(canonicalization) \(name) \(source)")
                    }
                }
            }
        }
        let verdicts = try Dkimpy.verdicts(checks)
        for (label, verdict) in zip(labels, verdicts) {
            #expect(verdict == "pass", "\(label): \(verdict)")
        }
        #expect(checks.count == 3 * 4 * SampleMessages.all.count * 2)
    }

    /// A change after signing fails verification, but only a change the signature covers: the
    /// unchanged message and an added unsigned field pass in the same run.
    @Test func alteredMessagesFailAndOnlyThey() throws {
        let keys = try TestKeys.shared()
        let original = String(decoding: SampleMessages.plain, as: UTF8.self)
        let alterations: [(name: String, passes: Bool, change: (String) -> String)] = [
            ("unchanged", true, { $0 }),
            ("unsigned field added", true, { "X-Mailer: something\r\n" + $0 }),
            ("body altered", false, { $0.replacingOccurrences(of: "We lost", with: "We won") }),
            ("body line added", false, { $0 + "P.S.\r\n" }),
            ("Subject altered", false, { $0.replacingOccurrences(of: "dinner ready", with: "lunch ready") }),
            ("From altered", false, { $0.replacingOccurrences(of: "joe@football", with: "eve@football") }),
            ("signature altered", false, { $0.replacingOccurrences(of: "b=", with: "b=A") }),
        ]
        var checks: [Dkimpy.Check] = []
        var expected: [(String, Bool)] = []
        for key in [keys.rsaPKCS8, keys.ed25519] {
            for canonicalization in [Canonicalization.relaxed, .simple] {
                let signed = String(decoding: try Self.signer(key, canonicalization).signed(SampleMessages.plain), as: UTF8.self)
                #expect(signed.hasSuffix(original))
                for alteration in alterations {
                    let altered = Array(alteration.change(signed).utf8)
                    checks.append(Dkimpy.Check(message: altered, name: Self.name, key: .record(key.key.dnsRecord)))
                    expected.append(("\(key.name) \(canonicalization) \(alteration.name)", alteration.passes))
                }
            }
        }
        for ((label, passes), verdict) in zip(expected, try Dkimpy.verdicts(checks)) {
            #expect(verdict.hasPrefix(passes ? "pass" : "fail"), "\(label): \(verdict)")
        }
    }

    /// Relaxed canonicalization survives refolding and extra spaces; simple does not.
    @Test func relaxedSurvivesRefoldingAndSimpleDoesNot() throws {
        let key = try TestKeys.shared().ed25519
        var checks: [Dkimpy.Check] = []
        for canonicalization in [Canonicalization.relaxed, .simple] {
            let signed = String(decoding: try Self.signer(key, canonicalization).signed(SampleMessages.plain), as: UTF8.self)
            let refolded = signed.replacingOccurrences(of: "Subject: Is dinner", with: "Subject:   Is\r\n\tdinner")
                .replacingOccurrences(of: "game. Are", with: "game.   Are")
            checks.append(Dkimpy.Check(message: Array(refolded.utf8), name: Self.name, key: .record(key.key.dnsRecord)))
        }
        let verdicts = try Dkimpy.verdicts(checks)
        #expect(verdicts.first == "pass", "relaxed: \(verdicts)")
        #expect(verdicts.last?.hasPrefix("fail") == true, "simple: \(verdicts)")
    }

    /// Oversigning makes a second Subject or an added Cc break the signature; without it, a
    /// Subject added on top is not what the verifier checks, and an absent Cc is not signed.
    @Test func oversigningCatchesAddedFields() throws {
        let key = try TestKeys.shared().rsaPKCS1
        var checks: [Dkimpy.Check] = []
        var expected: [(String, Bool)] = []
        for oversign in [false, true] {
            let signed = try Self.signer(key, oversign: oversign).signed(SampleMessages.plain)
            let text = String(decoding: signed, as: UTF8.self)
            for (name, added) in [("Subject", "Subject: Free money\r\n"), ("Cc", "Cc: eve@example.org\r\n")] {
                checks.append(Dkimpy.Check(message: Array((added + text).utf8), name: Self.name, key: .record(key.key.dnsRecord)))
                expected.append(("oversign \(oversign), \(name) added", !oversign))
            }
        }
        for ((label, passes), verdict) in zip(expected, try Dkimpy.verdicts(checks)) {
            #expect(verdict.hasPrefix(passes ? "pass" : "fail"), "\(label): \(verdict)")
        }
    }
}
