import SMTPCheck
import SMTPTransport
import TestSupport
import Testing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `smtpc check`'s engine against the DNSSEC stack of scripts/testenv (NSD signing, Unbound
/// validating) and the test Postfix; every DANE verdict is checked again by openssl.
@Suite("smtpc check against signed zones and Postfix (needs scripts/testenv)", .serialized)
struct DomainCheckTests {
    private let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func value(_ key: String) throws -> String { try env.required(key) }

    /// The check of the domain named by `key`; `trustTestCA: false` leaves the Web PKI to the system's CAs.
    private func check(_ key: String, trustTestCA: Bool = true, concurrency: Int = 8) async throws -> DomainReport {
        let resolverPort = env.port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555)
        let resolver = try MXResolver(dnsServer: "\(env.host):\(resolverPort)", dnssec: true)
        let caFile = trustTestCA ? env.caFile : nil
        // Generous limits: the whole suite runs in parallel on two cores.
        let check = DomainCheck(
            domain: try value(key), port: env.smtpPort, resolver: resolver, helloName: { "check.smtpc.test" },
            caFile: caFile, timeout: .seconds(30), concurrency: concurrency,
            fetchPolicy: { await MTASTSFetch(resolver: resolver, caFile: caFile, timeout: .seconds(30)).policy(for: $0) })
        return try await check.run()
    }

    private func onlySession(_ report: DomainReport) throws -> AddressReport {
        let sessions = report.hosts.flatMap(\.addresses)
        try #require(sessions.count == 1, "one MX host with one address")
        return sessions[0]
    }

    @Test("DANE-EE 3 1 1 in a secure zone matches at depth 0; openssl agrees")
    func daneEE() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_EE_DOMAIN")
        #expect(report.mx.status == .secure)
        let session = try onlySession(report)
        guard case .matched(let match) = session.dane else {
            Issue.record("no match: \(session.dane)")
            return
        }
        #expect(match.depth == 0)
        #expect(match.record.presentation == (try value("SMTPC_TEST_CHECK_TLSA_EE")))
        #expect(report.passed)
        let openssl = try env.opensslDANE(host: session.probe.host, address: session.probe.address, record: match.record.presentation)
        #expect(openssl.ok, "\(openssl.text)")
    }

    @Test("a secure 3 1 1 record that does not match fails as tlsa-invalid; openssl refuses it too")
    func daneMismatch() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_MISMATCH_DOMAIN")
        let session = try onlySession(report)
        #expect(session.dane == .failed(.tlsaInvalid, "no usable TLSA record matches the certificate chain the server sent"))
        #expect(!report.passed)
        #expect(report.findings.contains { $0.level == .failure && $0.type == .tlsaInvalid })
        let record = try #require(report.hosts.first?.tlsa?.values.first).map { $0 }
        let openssl = try env.opensslDANE(
            host: session.probe.host, address: session.probe.address, record: try TLSARecord(rdata: record).presentation)
        #expect(!openssl.ok, "\(openssl.text)")
    }

    @Test("DANE-TA 2 0 1 for the test CA matches at depth 1 with the MX name in the certificate; openssl agrees")
    func daneTA() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_TA_DOMAIN")
        let session = try onlySession(report)
        guard case .matched(let match) = session.dane else {
            Issue.record("no match: \(session.dane)")
            return
        }
        #expect(match.depth == 1)
        #expect(match.record.presentation == (try value("SMTPC_TEST_CHECK_TLSA_TA")))
        let openssl = try env.opensslDANE(host: session.probe.host, address: session.probe.address, record: match.record.presentation)
        #expect(openssl.ok, "\(openssl.text)")
    }

    @Test("DANE-TA with an MX name the certificate lacks is certificate-host-mismatch; openssl refuses the name")
    func daneTABadName() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_TA_BADNAME_DOMAIN")
        let session = try onlySession(report)
        guard case .failed(.certificateHostMismatch, _) = session.dane else {
            Issue.record("\(session.dane)")
            return
        }
        let openssl = try env.opensslDANE(
            host: session.probe.host, address: session.probe.address, record: try value("SMTPC_TEST_CHECK_TLSA_TA"))
        #expect(!openssl.ok, "\(openssl.text)")
    }

    @Test("TLSA records but no STARTTLS: starttls-not-supported, a failure")
    func daneWithoutTLS() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_NOTLS_DOMAIN")
        let session = try onlySession(report)
        #expect(!session.probe.startTLSOffered)
        guard case .failed(.starttlsNotSupported, _) = session.dane else {
            Issue.record("\(session.dane)")
            return
        }
        #expect(!report.passed)
    }

    @Test("a TLSA record in an unsigned zone is reported and ignored")
    func insecureZone() async throws {
        let report = try await check("SMTPC_TEST_CHECK_INSECURE_DOMAIN")
        #expect(report.mx.status == .insecure)
        let session = try onlySession(report)
        #expect(report.hosts.first?.tlsa?.values.count == 1)
        guard case .notApplicable(let why) = session.dane else {
            Issue.record("\(session.dane)")
            return
        }
        #expect(why.contains("unsigned zone"))
        #expect(report.passed)
    }

    @Test("a bogus zone: the MX, address and TLSA answers are dnssec-invalid failures")
    func bogusZone() async throws {
        let report = try await check("SMTPC_TEST_CHECK_BOGUS_DOMAIN")
        #expect(report.mx.status == .bogus)
        #expect(report.hosts.first?.host.addressStatus == .bogus)
        #expect(report.findings.filter { $0.type == .dnssecInvalid && $0.level == .failure }.count == 3)
        #expect(!report.passed)
        // The data, had with CD, would match: only DNSSEC makes it fail, as openssl shows.
        let session = try onlySession(report)
        let record = try TLSARecord(rdata: try #require(report.hosts.first?.tlsa?.values.first)).presentation
        let openssl = try env.opensslDANE(host: session.probe.host, address: session.probe.address, record: record)
        #expect(openssl.ok, "\(openssl.text)")
    }

    @Test("a null MX: no host, no session, the domain takes no mail")
    func nullMX() async throws {
        let report = try await check("SMTPC_TEST_CHECK_NULLMX_DOMAIN")
        #expect(report.mx.acceptsNoMail)
        #expect(report.hosts.isEmpty)
        #expect(report.findings.contains { $0.message.contains("null MX") })
    }

    @Test("three MX hosts, six addresses: six sessions, all under way at once")
    func concurrentSessions() async throws {
        let report = try await check("SMTPC_TEST_CHECK_MULTI_DOMAIN")
        let sessions = report.hosts.flatMap(\.addresses).map(\.probe)
        #expect(report.hosts.count == 3)
        let expected = try value("SMTPC_TEST_CHECK_MULTI_ADDRS").split(separator: " ").map(String.init)
        #expect(Set(sessions.map(\.address)) == Set(expected))
        #expect(sessions.allSatisfy { $0.tls != nil && $0.failure == nil })
        let lastStart = try #require(sessions.compactMap(\.started).max())
        let firstEnd = try #require(sessions.compactMap(\.ended).min())
        #expect(lastStart < firstEnd, "the sixth session began only after another had ended")
    }

    @Test("two v=STSv1 TXT records leave the domain without a policy: a warning, sts-policy-invalid")
    func twoMTASTSRecords() async throws {
        let report = try await check("SMTPC_TEST_CHECK_STS_TWO_TXT_DOMAIN")
        #expect(report.mtaSTS?.id == nil)
        #expect(report.findings.contains { $0.level == .warning && $0.type == .stsPolicyInvalid })
    }

    @Test("the TLS-RPT record's rua addresses are read")
    func tlsRPT() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_EE_DOMAIN")
        guard case .success(let record)? = report.tlsRPT else {
            Issue.record("no TLS-RPT record")
            return
        }
        #expect(record.rua.map(\.text).first?.hasPrefix("mailto:") == true)
    }

    /// The sessions' MTA-STS verdicts by MX host name.
    private func mtaSTSVerdicts(_ report: DomainReport) -> [String: MTASTSOutcome] {
        var verdicts: [String: MTASTSOutcome] = [:]
        for host in report.hosts {
            for address in host.addresses { verdicts[host.host.name] = address.mtaSTS }
        }
        return verdicts
    }

    @Test("MTA-STS enforce: the MX the policy names passes, the other fails as validation-failure")
    func mtaSTSEnforce() async throws {
        let report = try await check("SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN")
        #expect(report.mtaSTS?.policy?.mode == .enforce)
        #expect(report.mtaSTS?.id == (try value("SMTPC_TEST_CHECK_STS_ID")))
        let verdicts = mtaSTSVerdicts(report)
        #expect(verdicts[try value("SMTPC_TEST_CHECK_STS_POLICY_MX")] == .pass)
        #expect(verdicts[try value("SMTPC_TEST_CHECK_STS_OTHER_MX")] == .failure([.noPatternMatch]))
        #expect(!report.passed)
    }

    @Test("MTA-STS testing: the same finding is a warning, and the check passes")
    func mtaSTSTesting() async throws {
        let report = try await check("SMTPC_TEST_CHECK_STS_TESTING_DOMAIN")
        #expect(report.mtaSTS?.policy?.mode == .testing)
        #expect(mtaSTSVerdicts(report)[try value("SMTPC_TEST_CHECK_STS_OTHER_MX")] == .warning([.noPatternMatch]))
        #expect(report.passed)
    }

    @Test("MTA-STS: a 404 and a redirect are sts-policy-fetch-error failures; the redirect is not followed")
    func mtaSTSFetchErrors() async throws {
        let missing = try await check("SMTPC_TEST_CHECK_STS_404_DOMAIN")
        #expect(missing.mtaSTS?.problemType == .stsPolicyFetchError)
        #expect(missing.mtaSTS?.problem?.contains("404") == true)
        #expect(!missing.passed)
        let moved = try await check("SMTPC_TEST_CHECK_STS_REDIRECT_DOMAIN")
        #expect(moved.mtaSTS?.problemType == .stsPolicyFetchError)
        #expect(moved.mtaSTS?.problem?.contains("not followed") == true)
        #expect(moved.mtaSTS?.policy == nil, "the redirect's target, a valid policy, was not taken")
    }

    @Test("MTA-STS: a policy server whose CA is not trusted is sts-webpki-invalid")
    func mtaSTSUntrustedServer() async throws {
        let report = try await check("SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN", trustTestCA: false)
        #expect(report.mtaSTS?.problemType == .stsWebPKIInvalid)
        #expect(report.findings.contains { $0.level == .failure && $0.type == .stsWebPKIInvalid })
    }

    @Test("each session is timed phase by phase, sends the MX name as SNI, and the TLSA owner carries the port")
    func phasesSNIAndOwner() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_EE_DOMAIN")
        let session = try onlySession(report)
        #expect(Set(session.probe.durations.keys) == Set(ProbePhase.allCases))
        #expect(session.probe.tls?.serverNameSent == (try value("SMTPC_TEST_CHECK_DANE_EE_MX")))
        #expect(report.hosts.first?.tlsaName == "_\(env.smtpPort)._tcp.\(try value("SMTPC_TEST_CHECK_DANE_EE_MX"))")
    }

    @Test("no MX record: the domain's own address is its one host (RFC 5321 §5.1)")
    func implicitMX() async throws {
        let report = try await check("SMTPC_TEST_CHECK_NOMX_DOMAIN")
        #expect(report.mx.source == .implicitMX)
        #expect(report.hosts.map(\.host.name) == [try value("SMTPC_TEST_CHECK_NOMX_DOMAIN")])
        #expect(report.hosts.first?.addresses.first?.probe.tls != nil)
        #expect(report.passed)
    }

    @Test("only PKIX usages: no record is usable, TLS is still required, a warning (RFC 7672 §3.1.3)")
    func pkixOnly() async throws {
        let report = try await check("SMTPC_TEST_CHECK_DANE_PKIX_DOMAIN")
        guard case .unusableRecords = try onlySession(report).dane else {
            Issue.record("\(try onlySession(report).dane)")
            return
        }
        #expect(report.findings.contains { $0.level == .warning && $0.type == .tlsaInvalid })
        #expect(report.passed)
    }

    @Test("the bound holds: with concurrency 1 the six sessions run one after another")
    func concurrencyBound() async throws {
        let report = try await check("SMTPC_TEST_CHECK_MULTI_DOMAIN", concurrency: 1)
        let sessions = report.hosts.flatMap(\.addresses).map(\.probe).sorted { ($0.started ?? .now) < ($1.started ?? .now) }
        #expect(sessions.count == 6)
        for (earlier, later) in zip(sessions, sessions.dropFirst()) {
            let ended = try #require(earlier.ended)
            let started = try #require(later.started)
            #expect(ended <= started, "\(later.address) began before \(earlier.address) had ended")
        }
    }
}
