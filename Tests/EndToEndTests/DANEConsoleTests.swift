import Foundation
import TestSupport
import Testing

/// `/dane`, `/mta-sts` and `--dane` as a user runs them: the built binary in script mode,
/// against the DNSSEC stack of scripts/testenv (NSD signing, Unbound validating), the test
/// Postfix that serves every MX host, and the MTA-STS policy server. One `--dane` verdict
/// each way is checked again by openssl.
@Suite("/dane, /mta-sts and --dane against signed zones and Postfix (needs scripts/testenv)")
struct DANEConsoleTests {
    private let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func value(_ key: String) throws -> String { try env.required(key) }

    private var resolver: String { "\(env.host):\(env.port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555))" }

    /// smtpc with `--mx` the domain of `key`, the test resolver and CA, `lines` as its script.
    private func session(_ key: String, _ options: [String] = [], _ lines: [String]) throws -> Binary.Result {
        try Binary.run(
            ["--mx", try value(key), "--dns-server", resolver, "--cafile", env.caFile, "--color", "never"] + options
                + [String(env.smtpPort)],
            input: lines.joined(separator: "\n") + "\n", timeout: 60)
    }

    private static let startTLS = ["EHLO dane.smtpc.test", "STARTTLS", "EHLO dane.smtpc.test"]

    @Test("/dane on dane-ee: the secure record listed, TLS required before STARTTLS, a match at depth 0 after")
    func daneEE() throws {
        let host = try value("SMTPC_TEST_CHECK_DANE_EE_MX")
        let result = try session("SMTPC_TEST_CHECK_DANE_EE_DOMAIN", [], ["/dane"] + Self.startTLS + ["/dane", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "--- TLS established: ")
        try #require(parts.count == 2, "\(result.stdout)")
        let record = try value("SMTPC_TEST_CHECK_TLSA_EE")
        #expect(parts[0].contains("_\(env.smtpPort)._tcp.\(host): 1 TLSA record, DNSSEC secure (DNS server \(resolver))"))
        #expect(parts[0].contains("  1. \(record)  (DANE-EE SPKI SHA2-256)"))
        #expect(parts[0].contains("addresses of \(host): 127.0.0.1, DNSSEC secure"))
        #expect(parts[0].contains("DANE: TLS is required (DNSSEC-secure TLSA records). There is no TLS on this connection yet"))
        #expect(parts[1].contains("  depth 0: O=smtpc tests, CN=\(env.hostname)"))
        #expect(parts[1].contains("  the server's key as a DANE-EE record: \(record)"))
        #expect(parts[1].contains("DANE: match — record 1, TLSA 3 1 1 (DANE-EE) matched the server's certificate (depth 0)"))
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test("/dane on dane-mismatch: no match, tlsa-invalid")
    func daneMismatch() throws {
        let result = try session("SMTPC_TEST_CHECK_DANE_MISMATCH_DOMAIN", [], Self.startTLS + ["/dane", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("  1. \(try value("SMTPC_TEST_CHECK_TLSA_OTHER"))  (DANE-EE SPKI SHA2-256)"))
        #expect(
            result.stdout.contains("DANE: FAIL tlsa-invalid — no usable TLSA record matches the certificate chain the server sent"),
            "\(result.stdout)")
    }

    @Test("/dane on dane-ta: the 2 0 1 record matches the CA at depth 1, the certificate naming the MX host")
    func daneTA() throws {
        let host = try value("SMTPC_TEST_CHECK_DANE_TA_MX")
        let result = try session("SMTPC_TEST_CHECK_DANE_TA_DOMAIN", [], Self.startTLS + ["/dane", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("  1. \(try value("SMTPC_TEST_CHECK_TLSA_TA"))  (DANE-TA Cert SHA2-256)"))
        #expect(
            result.stdout.contains(
                "DANE: match — record 1, TLSA 2 0 1 (DANE-TA) matched the certificate at depth 1, a trust anchor the chain "
                    + "leads to; the server's certificate names \(host)"), "\(result.stdout)")
    }

    @Test("/dane on an unsigned zone: the record shown as insecure and ignored")
    func insecure() throws {
        // The certificate does not name mx.insecure.check.test (two labels under *.check.test): --insecure.
        let result = try session("SMTPC_TEST_CHECK_INSECURE_DOMAIN", ["--insecure"], ["/dane"] + Self.startTLS + ["/dane", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(": 1 TLSA record, DNSSEC insecure"))
        let verdict = "DANE: does not apply — 1 TLSA record in an unsigned zone, ignored (only DNSSEC-secure records count)"
        let parts = result.stdout.components(separatedBy: "--- TLS established: ")
        try #require(parts.count == 2, "\(result.stdout)")
        #expect(parts[0].contains(verdict) && parts[1].contains(verdict), "before and in TLS: \(result.stdout)")
    }

    @Test("--dane on dane-ee: STARTTLS by itself, SNI the MX host, verified by the record; openssl agrees")
    func daneOptionPasses() throws {
        let host = try value("SMTPC_TEST_CHECK_DANE_EE_MX")
        // No --cafile: the Web PKI would refuse the test CA, the TLSA record vouches for the key.
        let result = try Binary.run(
            [
                "--dane", "--mx", try value("SMTPC_TEST_CHECK_DANE_EE_DOMAIN"), "--dns-server", resolver, "--color", "never",
                String(env.smtpPort),
            ], input: "/tls\nQUIT\n", timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("--- DANE: TLS is required and the certificate is verified by the TLSA records"))
        #expect(result.stdout.contains("> STARTTLS"))
        #expect(result.stdout.contains("verified by DANE: TLSA 3 1 1 (DANE-EE) matched the server's certificate (depth 0)"))
        #expect(result.stdout.contains("SNI sent:     \(host)"))
        #expect(result.stdout.contains("Web PKI:      would refuse it: unknown issuer"))
        #expect(result.stdout.contains("250-AUTH PLAIN LOGIN CRAM-MD5"), "EHLO again after the handshake")
        let openssl = try env.opensslDANE(host: host, address: env.host, record: try value("SMTPC_TEST_CHECK_TLSA_EE"))
        #expect(openssl.ok, "\(openssl.text)")
    }

    @Test("--dane on dane-mismatch: the chain refused, nothing sent over it, status 80; openssl refuses it too")
    func daneOptionRefuses() throws {
        let host = try value("SMTPC_TEST_CHECK_DANE_MISMATCH_MX")
        let result = try session("SMTPC_TEST_CHECK_DANE_MISMATCH_DOMAIN", ["--dane"], ["NOOP", "QUIT"])
        #expect(result.status == 80, "\(result.stdout)\(result.stderr)")
        let text = result.stdout + result.stderr
        #expect(text.contains("smtpc: TLS failed: DANE (--dane) refuses \(host): no usable TLSA record matches"))
        #expect(text.contains("tlsa-invalid"))
        let afterTLS = result.stdout.components(separatedBy: "220 2.0.0 Ready to start TLS").last ?? ""
        #expect(!afterTLS.contains("> EHLO") && !afterTLS.contains("> NOOP"), "nothing after the refusal: \(afterTLS)")
        let openssl = try env.opensslDANE(host: host, address: env.host, record: try value("SMTPC_TEST_CHECK_TLSA_OTHER"))
        #expect(!openssl.ok, "\(openssl.text)")
    }

    @Test("--dane on an unsigned zone: said so, and the session goes on without STARTTLS, as without --dane")
    func daneOptionOpportunistic() throws {
        let result = try session("SMTPC_TEST_CHECK_INSECURE_DOMAIN", ["--dane"], ["EHLO dane.smtpc.test", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("--- DANE does not apply: 1 TLSA record in an unsigned zone, ignored"))
        #expect(result.stdout.contains("going on as without --dane"))
        #expect(!result.stdout.contains("> STARTTLS"))
        #expect(!result.stdout.contains("TLS established"))
    }

    @Test("--dane with TLSA records and no STARTTLS offered: refused as --starttls would be, status 81")
    func daneOptionWithoutSTARTTLS() throws {
        let result = try session("SMTPC_TEST_CHECK_DANE_NOTLS_DOMAIN", ["--dane"], ["QUIT"])
        #expect(result.status == 81, "\(result.stdout)\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("does not offer STARTTLS; refusing to go on in plaintext (--dane)"))
    }

    @Test("/mta-sts on sts-enforce: the policy fetched; the first MX matches and passes, in TLS by the Web PKI")
    func mtaSTSMatch() throws {
        let domain = try value("SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN")
        let host = try value("SMTPC_TEST_CHECK_STS_POLICY_MX")
        let result = try session("SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN", [], Self.startTLS + ["/mta-sts", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("policy of https://mta-sts.\(domain)/.well-known/mta-sts.txt:\n  mode:    enforce\n"))
        #expect(result.stdout.contains("  mx:      \(host)\n"))
        #expect(result.stdout.contains("  max_age: \(try value("SMTPC_TEST_CHECK_STS_MAX_AGE")) s"))
        #expect(result.stdout.contains("this host, \(host):\n  mx:       matches a pattern\n  STARTTLS: done, TLS is on\n"))
        #expect(result.stdout.contains("  Web PKI:  the certificate verifies for \(host)\nMTA-STS: pass\n"), "\(result.stdout)")
    }

    @Test("/mta-sts DOMAIN from a host the enforce policy does not name: a failure, validation-failure")
    func mtaSTSNoMatch() throws {
        let other = try value("SMTPC_TEST_CHECK_STS_OTHER_MX")
        let domain = try value("SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN")
        // The other MX host by its name: its address with --servername (the system resolver does not know check.test).
        let result = try Binary.run(
            [
                "--servername", other, "--dns-server", resolver, "--cafile", env.caFile, "--color", "never", env.host,
                String(env.smtpPort),
            ], input: (Self.startTLS + ["/mta-sts \(domain)", "QUIT"]).joined(separator: "\n") + "\n", timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("this host, \(other):\n  mx:       matches none of the patterns\n"))
        #expect(
            result.stdout.contains("MTA-STS: FAIL (mode enforce) — the host matches none of the mx patterns (validation-failure)"),
            "\(result.stdout)")
    }

    @Test("/mta-sts: the --mx domain assumed and said so; two v=STSv1 records or none leave a domain without a policy")
    func mtaSTSRecords() throws {
        let twoTXT = try value("SMTPC_TEST_CHECK_STS_TWO_TXT_DOMAIN")
        let result = try session(
            "SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN", [], ["/mta-sts", "/mta-sts \(twoTXT)", "/mta-sts nope.check.test", "QUIT"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let domain = try value("SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN")
        #expect(result.stdout.contains("(the --mx domain, \(domain), assumed; /mta-sts DOMAIN asks another)"))
        #expect(result.stdout.contains("_mta-sts.\(domain): v=STSv1; id=\(try value("SMTPC_TEST_CHECK_STS_ID"))"))
        #expect(result.stdout.contains("_mta-sts.\(twoTXT): no usable record"))
        #expect(result.stdout.contains("2 TXT records begin with the version field; there must be exactly one"))
        #expect(result.stdout.contains("_mta-sts.nope.check.test: no v=STSv1 record: nope.check.test has no MTA-STS policy"))
    }

    @Test("--dane is refused with --tls, --insecure, a unix socket, an address without --servername, or no server")
    func daneUsage() throws {
        for arguments in [
            ["--dane", "--tls", "mx.example.org"], ["--dane", "--insecure", "mx.example.org"], ["--dane", "--unix", "/tmp/x"],
            ["--dane", "127.0.0.1"], ["--dane"], ["--dns-server", "127.0.0.1", "--unix", "/tmp/x"],
        ] {
            let result = try Binary.run(arguments, input: "")
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
    }
}
