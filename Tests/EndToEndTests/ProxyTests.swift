import Foundation
import TestSupport
import Testing

/// `--proxy` through the proxies the test set-up starts: microsocks (SOCKS5, with and
/// without RFC 1929 credentials) and tinyproxy (HTTP CONNECT). Each proxy connects to
/// Postfix from its own loopback address, so Postfix's log proves the session came
/// through it and not directly.
@Suite(.serialized) struct ProxyTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private var socks: String { "socks5://\(env.host):\(env.socksPort)" }
    private var socksWithCredentials: String { "socks5://\(env.proxyUser):\(env.proxyPassword)@\(env.host):\(env.socksAuthPort)" }
    private var http: String { "http://\(env.host):\(env.httpProxyPort)" }
    private var httpWithCredentials: String { "http://\(env.proxyUser):\(env.proxyPassword)@\(env.host):\(env.httpProxyAuthPort)" }

    @Test(arguments: [
        ("socks5", "127.0.0.3"), ("socks5h", "127.0.0.3"), ("socks5-auth", "127.0.0.4"), ("http", "127.0.0.5"),
        ("http-auth", "127.0.0.6"),
    ])
    func aPlainSessionGoesThroughTheProxy(kind: String, proxyAddress: String) throws {
        let url: String
        switch kind {
        case "socks5": url = socks
        case "socks5h": url = "socks5h://\(env.host):\(env.socksPort)"
        case "socks5-auth": url = socksWithCredentials
        case "http": url = http
        default: url = httpWithCredentials
        }
        let offset = env.postfixLogOffset()
        // socks5h and http: the proxy resolves "localhost"; socks5: smtpc does.
        let result = try Binary.run(["--proxy", url, "localhost", String(env.smtpPort)], input: "EHLO through.proxy.test\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let shown = url.replacingOccurrences(of: ":\(env.proxyPassword)@", with: "@")
        #expect(result.stdout.contains("--- connected to localhost:\(env.smtpPort) (via \(shown))"), "\(result.stdout)")
        #expect(!result.stdout.contains(env.proxyPassword), "the proxy's password is never shown")
        #expect(result.stdout.contains("250-\(env.hostname)"))
        #expect(
            env.postfixLogShows("connect from unknown[\(proxyAddress)]", after: offset), "Postfix saw no connection from \(proxyAddress)")
    }

    @Test(arguments: ["socks", "http"])
    func startTLSThroughTheProxyVerifiesTheServer(kind: String) throws {
        let url = kind == "socks" ? socksWithCredentials : http
        let result = try Binary.run(
            ["--proxy", url, "--cafile", env.caFile, "--servername", env.hostname, env.host, String(env.smtpPort)],
            input: "EHLO x\nSTARTTLS\nEHLO x\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("--- TLS established: TLSv1."), "\(result.stdout)")
        #expect(result.stdout.contains(", verified"), "\(result.stdout)")
        #expect(result.stdout.contains("250-AUTH PLAIN LOGIN"), "AUTH is offered after STARTTLS: \(result.stdout)")
    }

    @Test(arguments: ["socks", "http"])
    func implicitTLSThroughTheProxy(kind: String) throws {
        let url = kind == "socks" ? socks : httpWithCredentials
        let result = try Binary.run(
            ["--proxy", url, "--tls", "--cafile", env.caFile, "--servername", env.hostname, env.host, String(env.smtpsPort)],
            input: "EHLO x\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let tls = lines.firstIndex { $0.hasPrefix("--- TLS established: ") && $0.hasSuffix(", verified") }
        let banner = lines.firstIndex { $0.hasPrefix("220 \(env.hostname) ESMTP") }
        #expect(tls != nil && banner != nil && tls! < banner!, "the handshake precedes the banner: \(result.stdout)")
    }

    @Test func mxLookupThenTheProxy() throws {
        let offset = env.postfixLogOffset()
        let result = try Binary.run(
            ["--proxy", socks, "--mx", env.domain, "--dns-server", "\(env.host):\(env.dnsPort)", "-4", String(env.smtpPort)],
            input: "EHLO x\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("--- using \(env.hostname) (preference 10)"), "\(result.stdout)")
        #expect(result.stdout.contains("--- connected to MX of \(env.domain) port \(env.smtpPort) (via \(socks))"), "\(result.stdout)")
        #expect(env.postfixLogShows("connect from unknown[127.0.0.3]", after: offset))
    }

    /// Each failure is the proxy's, named as such, with its own exit status.
    @Test func proxyFailuresAreNamedApartFromServerFailures() throws {
        let port = String(env.smtpPort)
        let cases: [([String], Int32, String)] = [
            (
                ["--proxy", "socks5://\(env.host):\(env.socksAuthPort)", env.host, port], 83,
                "the SOCKS proxy \(env.host):\(env.socksAuthPort) requires a user name and password"
            ),
            (
                ["--proxy", "socks5://\(env.proxyUser):wrong@\(env.host):\(env.socksAuthPort)", env.host, port], 83,
                "the SOCKS proxy \(env.host):\(env.socksAuthPort) refused the user name and password for \(env.proxyUser)"
            ),
            (
                ["--proxy", "http://\(env.host):\(env.httpProxyAuthPort)", env.host, port], 83,
                "the HTTP proxy \(env.host):\(env.httpProxyAuthPort) requires a user name and password (407"
            ),
            (
                ["--proxy", "http://\(env.proxyUser):wrong@\(env.host):\(env.httpProxyAuthPort)", env.host, port], 83,
                "the HTTP proxy \(env.host):\(env.httpProxyAuthPort) refused the user name and password for \(env.proxyUser) (401"
            ),
            // tinyproxy allows CONNECT to the Postfix ports only.
            (
                ["--proxy", http, env.host, String(env.noTLSPort)], 84,
                "the HTTP proxy \(env.host):\(env.httpProxyPort) refused: 403 Access violation "
                    + "(asked for \(env.host) port \(env.noTLSPort))"
            ),
            (
                ["--proxy", socks, env.host, "2599"], 85,
                "the SOCKS proxy \(env.host):\(env.socksPort) could not reach \(env.host) port 2599: connection refused"
            ),
            (
                ["--proxy", "socks5://\(env.host):2599", env.host, port], 82,
                "cannot connect to the SOCKS proxy \(env.host) port 2599: connection refused"
            ),
            // tinyproxy waits for a request line that a SOCKS greeting never completes.
            (
                ["--proxy", "socks5://\(env.host):\(env.httpProxyPort)", "--connect-timeout", "1", env.host, port], 82,
                "the SOCKS proxy \(env.host):\(env.httpProxyPort) did not answer within 1 s (--connect-timeout); is it a SOCKS5 proxy?"
            ),
        ]
        for (arguments, status, words) in cases {
            let result = try Binary.run(arguments, input: "QUIT\n")
            #expect(result.status == status, "\(arguments): \(result.status) \(result.stdout) \(result.stderr)")
            #expect((result.stdout + result.stderr).contains("smtpc: " + words), "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("wrong"), "a password given is never shown")
        }
    }

    @Test func theEnvironmentsProxyIsNeverUsed() throws {
        let environment = ["ALL_PROXY": "socks5://\(env.host):2599", "all_proxy": "socks5://\(env.host):2599", "HTTPS_PROXY": http]
        let result = try Binary.run([env.host, String(env.smtpPort)], input: "QUIT\n", environment: environment)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("--- connected to \(env.host):\(env.smtpPort)\n"), "\(result.stdout)")
    }

    @Test func proxyURLsAreCheckedBeforeConnecting() throws {
        let cases: [([String], String)] = [
            (["--proxy", "socks4://p:1080", env.host], "socks4:// is not a proxy smtpc speaks"),
            (["--proxy", "http://p", env.host], "give the HTTP proxy's port"),
            (["--proxy", socks, "--unix", "/tmp/x.sock"], "--proxy connects over TCP"),
            (["--proxy", socks], "not the practice server"),
        ]
        for (arguments, words) in cases {
            let result = try Binary.run(arguments)
            #expect(result.status == 64 && result.stderr.contains(words), "\(arguments): \(result.stderr)")
        }
    }
}
