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

    @Test(arguments: [("v1", "198.51.100.4"), ("v2", "203.0.113.9")])
    func postfixTakesTheClaimedClientAddress(version: String, address: String) throws {
        let offset = env.postfixLogOffset()
        let directory = try makeTemporaryDirectory(prefix: "smtpc-proxy")
        let transcript = directory.appendingPathComponent("t.txt").path
        var arguments = ["--proxy-protocol", version, "--proxy-source", "\(address):40000", "--record", transcript]
        if version == "v2" { arguments += ["--proxy-tlv", "AUTHORITY=\(env.hostname)"] }
        let result = try Binary.run(arguments + [env.host, String(env.proxyPort)], input: "EHLO proxied.test\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("--- PROXY header sent (\(version)): "), "\(result.stdout)")
        #expect(result.stdout.contains("220 \(env.hostname) ESMTP"))
        #expect(env.postfixLogShows("connect from unknown[\(address)]", after: offset), "Postfix did not log a connection from \(address)")
        let events = try TranscriptReader.read(path: transcript).sessions.flatMap(\.records).compactMap(\.event)
        #expect(events.contains { if case .proxyHeader(let text) = $0 { text.contains(address) } else { false } }, "\(events)")
    }

    /// Postfix reads "PROXY UNKNOWN" (the source claimed is IPv6, the server IPv4) as a
    /// header it cannot use: its refusal is shown as its reply, annotated like any other.
    @Test func aHeaderPostfixRejectsIsShownAsItsReply() throws {
        let result = try Binary.run(
            ["--proxy-protocol", "v1", "--proxy-source", "[2001:db8::1]:4000", env.host, String(env.proxyPort)], input: "EHLO x\nQUIT\n")
        #expect(result.stdout.contains("--- PROXY header sent (v1): PROXY UNKNOWN"), "\(result.stdout)")
        #expect(result.stdout.contains("421 4.3.0 \(env.hostname) Server local error"), "\(result.stdout)")
        #expect(result.stdout.contains("# 421 Service not available, closing transmission channel"), "\(result.stdout)")
        #expect(result.status == 69, "a 421 greeting in a script: the service is unavailable (\(result.status))")
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
