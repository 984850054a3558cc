import SMTPCheck
import SMTPTransport
import TestSupport
import Testing

/// The console's DANE pieces (`/dane`, `--dane`) against the DNSSEC stack of scripts/testenv
/// and the test Postfix: the lookup of one host's TLSA records and addresses, what the DNS
/// alone decides, and the chain check `--dane` puts in the handshake, on real chains.
@Suite("DANE lookup and chain check against signed zones and Postfix (needs scripts/testenv)")
struct DANELookupTests {
    private let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func value(_ key: String) throws -> String { try env.required(key) }

    private func lookup(_ host: String) async throws -> DANELookup {
        let port = env.port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555)
        let resolver = try MXResolver(dnsServer: "\(env.host):\(port)", dnssec: true)
        return await DANELookup.run(host: host, port: env.smtpPort, resolver: resolver)
    }

    /// A session with the test Postfix as `host`: its address from the lookup, the chain seen whatever it is.
    private func session(_ lookup: DANELookup) async throws -> ProbeResult {
        let address = try #require(lookup.addresses?.values.first, "\(lookup.host) has no address")
        let probe = HostProbe(
            host: lookup.host, address: address, port: env.smtpPort, helloName: "dane.smtpc.test", caFile: env.caFile,
            timeout: .seconds(10))
        let result = await probe.run()
        try #require(result.tls != nil, "no TLS with \(lookup.host): \(String(describing: result.failure))")
        return result
    }

    @Test("DANE-EE: secure records require TLS; the check accepts the chain, authenticated, at depth 0")
    func daneEE() async throws {
        let lookup = try await lookup(try value("SMTPC_TEST_CHECK_DANE_EE_MX"))
        #expect(lookup.owner == "_\(env.smtpPort)._tcp.\(lookup.host)")
        #expect(lookup.tlsa?.status == .secure && lookup.addresses?.status == .secure)
        #expect(lookup.dnsVerdict == nil)
        let probe = try await session(lookup)
        let tls = try #require(probe.tls)
        let check = try #require(lookup.chainCheck)
        guard case .success(let acceptance) = check.judge(tls) else {
            Issue.record("refused: \(check.judge(tls))")
            return
        }
        #expect(acceptance.authenticated)
        #expect(acceptance.description == "verified by DANE: TLSA 3 1 1 (DANE-EE) matched the server's certificate (depth 0)")
        #expect(try TLSARecord.daneEE(matching: try #require(tls.certificates.first).der).presentation == value("SMTPC_TEST_CHECK_TLSA_EE"))
    }

    @Test("a secure record that does not match: the check refuses the chain as tlsa-invalid")
    func mismatch() async throws {
        let lookup = try await lookup(try value("SMTPC_TEST_CHECK_DANE_MISMATCH_MX"))
        #expect(lookup.dnsVerdict == nil)
        let tls = try #require(try await session(lookup).tls)
        guard case .failure(let refusal) = try #require(lookup.chainCheck).judge(tls) else {
            Issue.record("accepted a chain no record matches")
            return
        }
        #expect(refusal.kind == .chainRefused)
        #expect(refusal.message.contains("tlsa-invalid"))
        #expect(refusal.certificates.count == tls.certificates.count)
    }

    @Test("DANE-TA 2 0 1: accepted at depth 1; with a name the certificate lacks, refused as certificate-host-mismatch")
    func trustAnchor() async throws {
        let good = try await lookup(try value("SMTPC_TEST_CHECK_DANE_TA_MX"))
        let tls = try #require(try await session(good).tls)
        guard case .success(let acceptance) = try #require(good.chainCheck).judge(tls) else {
            Issue.record("DANE-TA refused")
            return
        }
        #expect(acceptance.description.contains("2 0 1 (DANE-TA) matched the certificate at depth 1"))
        let bad = try await lookup(try value("SMTPC_TEST_CHECK_DANE_TA_BADNAME_MX"))
        let badTLS = try #require(try await session(bad).tls)
        guard case .failure(let refusal) = try #require(bad.chainCheck).judge(badTLS) else {
            Issue.record("a DANE-TA chain for another name was accepted")
            return
        }
        #expect(refusal.message.contains("certificate-host-mismatch"))
    }

    @Test("records in an unsigned zone do not apply (no check); a bogus zone is dnssec-invalid")
    func insecureAndBogus() async throws {
        let insecure = try await lookup(try value("SMTPC_TEST_CHECK_INSECURE_MX"))
        #expect(insecure.tlsa?.values.count == 1 && insecure.tlsa?.status == .insecure)
        guard case .notApplicable(let why)? = insecure.dnsVerdict else {
            Issue.record("\(String(describing: insecure.dnsVerdict))")
            return
        }
        #expect(why.contains("unsigned zone"))
        #expect(insecure.chainCheck == nil)
        let bogus = try await lookup(try value("SMTPC_TEST_CHECK_BOGUS_MX"))
        guard case .failed(.dnssecInvalid, _)? = bogus.dnsVerdict else {
            Issue.record("\(String(describing: bogus.dnsVerdict))")
            return
        }
        #expect(bogus.chainCheck == nil)
    }

    @Test("the session verdict and smtpc check's verdict on a probe are one: the same for every case")
    func oneVerdict() async throws {
        for key in ["SMTPC_TEST_CHECK_DANE_EE_MX", "SMTPC_TEST_CHECK_DANE_MISMATCH_MX", "SMTPC_TEST_CHECK_DANE_TA_MX"] {
            let lookup = try await lookup(try value(key))
            let probe = try await session(lookup)
            let byProbe = DANEOutcome.evaluate(tlsa: lookup.tlsa, addressStatus: lookup.addresses?.status, probe: probe)
            #expect(lookup.evaluate(try #require(probe.tls)) == byProbe, "\(key)")
        }
    }

}
