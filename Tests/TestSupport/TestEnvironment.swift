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
