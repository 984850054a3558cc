import Foundation

/// The real servers started by `scripts/testenv` (Postfix with STARTTLS and implicit TLS).
///
/// Read from `$SMTPC_TESTENV_DIR/env` (default `/tmp/smtpc-testenv/env`), `KEY=VALUE` lines.
/// Tests that need it fail — not skip — when it is missing: a green run must mean the
/// real-server tests ran.
public struct TestEnvironment: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public let directory: String
    public let values: [String: String]

    public static func load() throws -> TestEnvironment {
        let directory = ProcessInfo.processInfo.environment["SMTPC_TESTENV_DIR"] ?? "/tmp/smtpc-testenv"
        let path = directory + "/env"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Missing(description: "the test servers are not running (no \(path)); start them with scripts/testenv/start")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            values[key.hasPrefix("export ") ? String(key.dropFirst(7)) : key] = value
        }
        return TestEnvironment(directory: directory, values: values)
    }

    public func port(_ key: String, default fallback: Int) -> Int {
        values[key].flatMap(Int.init) ?? fallback
    }

    public var host: String { values["SMTPC_TEST_HOST"] ?? "127.0.0.1" }
    public var hostname: String { values["SMTPC_TEST_HOSTNAME"] ?? "mx.smtpc.test" }
    public var smtpPort: Int { port("SMTPC_TEST_SMTP_PORT", default: 2525) }
    public var smtpsPort: Int { port("SMTPC_TEST_SMTPS_PORT", default: 2465) }
    public var caFile: String {
        values["SMTPC_TEST_CA_FILE"] ?? values["SMTPC_TEST_CAFILE"] ?? values["SMTPC_TEST_CA"] ?? directory + "/tls/ca.pem"
    }
    public var submissionPort: Int { port("SMTPC_TEST_SUBMISSION_PORT", default: 2587) }
    public var noTLSPort: Int { port("SMTPC_TEST_NOTLS_PORT", default: 2526) }
    /// Postfix with `smtpd_upstream_proxy_protocol = haproxy`: a PROXY header comes first.
    public var proxyPort: Int { port("SMTPC_TEST_PROXY_PORT", default: 2527) }
    /// Postfix trusting loopback clients with XCLIENT and XFORWARD.
    public var xclientPort: Int { port("SMTPC_TEST_XCLIENT_PORT", default: 2528) }
    public var socksPort: Int { port("SMTPC_TEST_SOCKS_PORT", default: 2580) }
    public var socksAuthPort: Int { port("SMTPC_TEST_SOCKS_AUTH_PORT", default: 2581) }
    public var httpProxyPort: Int { port("SMTPC_TEST_HTTP_PROXY_PORT", default: 2582) }
    public var httpProxyAuthPort: Int { port("SMTPC_TEST_HTTP_PROXY_AUTH_PORT", default: 2583) }
    public var proxyUser: String { values["SMTPC_TEST_PROXY_USER"] ?? "relay" }
    public var proxyPassword: String { values["SMTPC_TEST_PROXY_PASSWORD"] ?? "tunnel-5" }
    public var lmtpPort: Int { port("SMTPC_TEST_LMTP_PORT", default: 2424) }
    public var lmtpSocket: String { values["SMTPC_TEST_LMTP_SOCKET"] ?? directory + "/lmtp.sock" }
    public var dnsPort: Int { port("SMTPC_TEST_DNS_PORT", default: 2553) }
    public var domain: String { values["SMTPC_TEST_DOMAIN"] ?? "smtpc.test" }
    public var user: String { values["SMTPC_TEST_USER"] ?? "alice@smtpc.test" }
    public var password: String { values["SMTPC_TEST_PASSWORD"] ?? "wonderland-42" }
    public var unknownUser: String { values["SMTPC_TEST_UNKNOWN_USER"] ?? "nosuchuser@smtpc.test" }
    public var maildir: String { values["SMTPC_TEST_MAILDIR"] ?? directory + "/maildir" }
    public var lmtpMaildir: String { values["SMTPC_TEST_LMTP_MAILDIR"] ?? directory + "/lmtp-maildir" }
    public var serverCertificate: String { values["SMTPC_TEST_SERVER_CERT"] ?? directory + "/tls/server.pem" }
    public var serverKey: String { values["SMTPC_TEST_SERVER_KEY"] ?? directory + "/tls/server.key" }
    public var wrongNameCertificate: String { values["SMTPC_TEST_WRONGNAME_CERT"] ?? directory + "/tls/wrongname.pem" }
    public var wrongNameKey: String { values["SMTPC_TEST_WRONGNAME_KEY"] ?? directory + "/tls/wrongname.key" }
    public var clientCertificate: String { values["SMTPC_TEST_CLIENT_CERT"] ?? directory + "/tls/client.pem" }
    public var clientKey: String { values["SMTPC_TEST_CLIENT_KEY"] ?? directory + "/tls/client.key" }

    // `smtpc check` (issue 25): scripts/testenv/dnssec.sh, mtasts.sh and zones.env, whose header
    // comments describe each case. TLSA data is presentation form with lower-case hex ("3 1 1 ab…").

    /// Unbound, validating: AD on secure answers, none on insecure ones, SERVFAIL on bogus ones (data with CD).
    public var checkResolverPort: Int { port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555) }
    /// NSD, authoritative for the signed zones.
    public var checkAuthPort: Int { port("SMTPC_TEST_CHECK_AUTH_PORT", default: 2554) }
    /// nginx serving https://mta-sts.DOMAIN/.well-known/mta-sts.txt on 127.0.0.1 (certificate from the test CA).
    public var checkHTTPSPort: Int { port("SMTPC_TEST_CHECK_HTTPS_PORT", default: 443) }
    public var checkZone: String { check("ZONE", "check.test") }
    /// The DS record of the zone, Unbound's only trust anchor.
    public var checkTrustAnchor: String { check("TRUST_ANCHOR", directory + "/dnssec/anchor.ds") }
    /// `3 1 1` of Postfix's key, the same of another key, and `2 0 1` of the test CA's certificate.
    public var checkTLSAEE: String { check("TLSA_EE", "") }
    public var checkTLSAOther: String { check("TLSA_OTHER", "") }
    public var checkTLSATA: String { check("TLSA_TA", "") }
    /// The addresses Postfix also listens on (port `smtpPort`): one without STARTTLS, and the multi domain's six.
    public var checkNoTLSAddress: String { check("NOTLS_ADDR", "127.0.0.17") }
    public var checkMultiAddresses: [String] {
        words("MULTI_ADDRS", "127.0.0.11 127.0.0.12 127.0.0.13 127.0.0.14 127.0.0.15 127.0.0.16")
    }
    /// a. TLSA 3 1 1 matches (DANE-EE).
    public var checkDaneEEDomain: String { check("DANE_EE_DOMAIN", "dane-ee.check.test") }
    public var checkDaneEEMX: String { check("DANE_EE_MX", "mx-dane-ee.check.test") }
    /// b. TLSA 3 1 1 does not match.
    public var checkDaneMismatchDomain: String { check("DANE_MISMATCH_DOMAIN", "dane-mismatch.check.test") }
    public var checkDaneMismatchMX: String { check("DANE_MISMATCH_MX", "mx-dane-mismatch.check.test") }
    /// c. TLSA 2 0 1 of the test CA matches at depth 1, the MX name in the certificate (DANE-TA).
    public var checkDaneTADomain: String { check("DANE_TA_DOMAIN", "dane-ta.check.test") }
    public var checkDaneTAMX: String { check("DANE_TA_MX", "mx-dane-ta.check.test") }
    /// c'. The same record, an MX name not in the certificate.
    public var checkDaneTABadNameDomain: String { check("DANE_TA_BADNAME_DOMAIN", "dane-ta-badname.check.test") }
    public var checkDaneTABadNameMX: String { check("DANE_TA_BADNAME_MX", "mx.dane-ta-badname.check.test") }
    /// a'. A matching TLSA 3 1 1, an MX that offers no STARTTLS.
    public var checkDaneNoTLSDomain: String { check("DANE_NOTLS_DOMAIN", "dane-notls.check.test") }
    public var checkDaneNoTLSMX: String { check("DANE_NOTLS_MX", "mx-dane-notls.check.test") }
    /// a''. Only TLSA usages 1 and 0 (PKIX), unusable for SMTP.
    public var checkDanePKIXDomain: String { check("DANE_PKIX_DOMAIN", "dane-pkix.check.test") }
    public var checkDanePKIXMX: String { check("DANE_PKIX_MX", "mx-dane-pkix.check.test") }
    /// d. Unsigned child zone (no DS): its non-matching TLSA must be ignored.
    public var checkInsecureDomain: String { check("INSECURE_DOMAIN", "insecure.check.test") }
    public var checkInsecureMX: String { check("INSECURE_MX", "mx.insecure.check.test") }
    /// e. Child zone with expired signatures: bogus. Its TLSA 3 1 1 would match.
    public var checkBogusDomain: String { check("BOGUS_DOMAIN", "bogus.check.test") }
    public var checkBogusMX: String { check("BOGUS_MX", "mx.bogus.check.test") }
    /// f. MX 0 .
    public var checkNullMXDomain: String { check("NULLMX_DOMAIN", "nullmx.check.test") }
    /// g. No MX; A 127.0.0.1.
    public var checkNoMXDomain: String { check("NOMX_DOMAIN", "nomx.check.test") }
    /// h. Three MX hosts (preferences 10, 20, 30), two addresses each, in `checkMultiAddresses` order.
    public var checkMultiDomain: String { check("MULTI_DOMAIN", "multi.check.test") }
    public var checkMultiMX: [String] { words("MULTI_MX", "multi-mx1.check.test multi-mx2.check.test multi-mx3.check.test") }
    /// i. MTA-STS: the policies name `checkSTSPolicyMX`; enforce and testing also have `checkSTSOtherMX` as MX 20.
    public var checkSTSPolicyMX: String { check("STS_POLICY_MX", "sts-mx1.check.test") }
    public var checkSTSOtherMX: String { check("STS_OTHER_MX", "sts-mx2.check.test") }
    public var checkSTSEnforceDomain: String { check("STS_ENFORCE_DOMAIN", "sts-enforce.check.test") }
    public var checkSTSTestingDomain: String { check("STS_TESTING_DOMAIN", "sts-testing.check.test") }
    public var checkSTS404Domain: String { check("STS_404_DOMAIN", "sts-404.check.test") }
    public var checkSTSRedirectDomain: String { check("STS_REDIRECT_DOMAIN", "sts-redirect.check.test") }
    public var checkSTSTwoTXTDomain: String { check("STS_TWO_TXT_DOMAIN", "sts-twotxt.check.test") }
    public var checkSTSID: String { check("STS_ID", "20260101T000000") }
    public var checkSTSMaxAge: Int { Int(check("STS_MAX_AGE", "")) ?? 86400 }
    /// The `rua=` of every MTA-STS domain's and dane-ee's TLS-RPT record.
    public var checkTLSRPTRUA: String {
        check("TLSRPT_RUA", "mailto:tlsrpt@check.test,https://tlsrpt.check.test/v1/report")
    }
    public var checkSTSCertificate: String { check("STS_CERT", directory + "/tls/mta-sts.pem") }
    /// DOMAIN/.well-known/mta-sts.txt for each domain whose policy is served.
    public var checkSTSPolicyDirectory: String { check("STS_POLICY_DIR", directory + "/mta-sts/www") }
    public var checkResolverLog: String { check("RESOLVER_LOG", directory + "/unbound.log") }
    public var checkAuthLog: String { check("AUTH_LOG", directory + "/nsd.log") }
    public var checkHTTPSLog: String { check("HTTPS_LOG", directory + "/nginx.log") }

    private func check(_ key: String, _ fallback: String) -> String {
        values["SMTPC_TEST_CHECK_" + key] ?? fallback
    }

    private func words(_ key: String, _ fallback: String) -> [String] {
        check(key, fallback).split(separator: " ").map(String.init)
    }

    /// Where Postfix's log ends now: pass it to ``postfixLogShows(_:after:)``.
    public func postfixLogOffset() -> Int {
        (try? String(contentsOfFile: directory + "/postfix.log", encoding: .utf8))?.count ?? 0
    }

    /// Whether Postfix's log, after `offset`, shows `text` within 5 s (Postfix writes its
    /// line as the connection is accepted; it takes a moment to reach the file).
    public func postfixLogShows(_ text: String, after offset: Int) -> Bool {
        for _ in 0..<50 {
            let log = (try? String(contentsOfFile: directory + "/postfix.log", encoding: .utf8)) ?? ""
            if log.dropFirst(offset).contains(text) { return true }
            usleep(100_000)
        }
        return false
    }
}
