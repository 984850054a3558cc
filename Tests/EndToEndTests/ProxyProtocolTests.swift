import Foundation
import SMTPTranscript
import TestSupport
import Testing

/// `--proxy-protocol` against a Postfix listener with `smtpd_upstream_proxy_protocol =
/// haproxy`: Postfix logs the client address the header claims, and the transcript shows
/// the header as an event.
@Suite(.serialized) struct ProxyProtocolTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    /// Waits for Postfix's log, after `offset`, to show a connection from `address`.
    private func postfixLogged(connectionFrom address: String, after offset: Int) -> Bool {
        for _ in 0..<50 {
            let text = (try? String(contentsOfFile: env.directory + "/postfix.log", encoding: .utf8)) ?? ""
            if text.dropFirst(offset).contains("connect from unknown[\(address)]") { return true }
            usleep(100_000)
        }
        return false
    }

    @Test(arguments: [("v1", "198.51.100.4"), ("v2", "203.0.113.9")])
    func postfixTakesTheClaimedClientAddress(version: String, address: String) throws {
        let offset = (try? String(contentsOfFile: env.directory + "/postfix.log", encoding: .utf8))?.count ?? 0
        let directory = try makeTemporaryDirectory(prefix: "smtpc-proxy")
        let transcript = directory.appendingPathComponent("t.txt").path
        var arguments = ["--proxy-protocol", version, "--proxy-source", "\(address):40000", "--record", transcript]
        if version == "v2" { arguments += ["--proxy-tlv", "AUTHORITY=\(env.hostname)"] }
        let result = try Binary.run(arguments + [env.host, String(env.proxyPort)], input: "EHLO proxied.test\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("--- PROXY header sent (\(version)): "), "\(result.stdout)")
        #expect(result.stdout.contains("220 \(env.hostname) ESMTP"))
        #expect(postfixLogged(connectionFrom: address, after: offset), "Postfix did not log a connection from \(address)")
        let events = try TranscriptReader.read(path: transcript).sessions.flatMap(\.records).compactMap(\.event)
        #expect(events.contains { if case .proxyHeader(let text) = $0 { text.contains(address) } else { false } }, "\(events)")
    }

    @Test func proxyOptionsAreCheckedBeforeConnecting() throws {
        let cases: [([String], String)] = [
            (["--proxy-protocol", "v3"], "--proxy-protocol must be v1 or v2"),
            (["--proxy-source", "198.51.100.4:1"], "go with --proxy-protocol"),
            (["--proxy-protocol", "v1", "--proxy-tlv", "NOOP=x"], "needs --proxy-protocol v2"),
            (["--proxy-protocol", "v2", "--proxy-dest", "mx.example:25"], "is not an IPv4 or IPv6 address"),
        ]
        for (arguments, words) in cases {
            let result = try Binary.run(arguments + [env.host, String(env.proxyPort)])
            #expect(result.status == 64 && result.stderr.contains(words), "\(arguments): \(result.stderr)")
        }
    }
}
