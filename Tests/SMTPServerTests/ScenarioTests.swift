import Foundation
import SMTPServer
import Testing

/// Each `--scenario`, observed from a raw socket client.
@Suite(.serialized) struct ScenarioTests {
    @Test func greylistDefersANewEnvelopeAndAcceptsItLater() async throws {
        let server = try await ServerFixture.start { configuration in
            configuration.greylistDelay = .milliseconds(1500)
            configuration.apply(.greylist)
        }
        defer { Task { await server.stop() } }
        #expect(server.configuration.scenarios == [.greylist])
        #expect(server.configuration.greylistDelay == .milliseconds(1500), "a delay set first is kept")
        let client = try RawClient.greeted(server)
        _ = try client.command("MAIL FROM:<a@x.org>")
        #expect(try client.command("RCPT TO:<b@y.org>") == "451 4.7.1 Greylisted: this envelope is new here, please try again in 2 s")
        #expect(try client.command("RCPT TO:<b@y.org>").hasPrefix("451 4.7.1"), "too early")
        try await Task.sleep(for: .milliseconds(1600))
        #expect(try client.command("RCPT TO:<b@y.org>") == "250 2.1.5 Recipient <b@y.org> OK")
        #expect(try client.command("RCPT TO:<other@y.org>").hasPrefix("451 4.7.1"), "another triple is new")
    }

    @Test func tarpitSlowsEveryReply() async throws {
        let server = try await ServerFixture.start { configuration in
            configuration.replyDelay = .milliseconds(300)
            configuration.apply(.tarpit)
        }
        defer { Task { await server.stop() } }
        let start = Date()
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        try client.send("NOOP\r\nNOOP\r\n")
        #expect(try client.readReplies(2) == ["250 2.0.0 OK", "250 2.0.0 OK"])
        #expect(Date().timeIntervalSince(start) >= 0.85, "three replies at 0.3 s each")
    }

    @Test func sizeLimitAdvertisesAndEnforces1024() async throws {
        let server = try await ServerFixture.start { $0.apply(.sizeLimit) }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        try client.send("EHLO c.example\r\n")
        #expect(try client.readReply().contains("250-SIZE 1024"))
        try client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n" + String(repeating: "x", count: 2000) + "\r\n.\r\n")
        #expect(try client.readReplies(4).last == "552 5.3.4 Message too big: this server takes at most 1024 bytes")
    }

    @Test func idleTimeoutSends421AndCloses() async throws {
        let server = try await ServerFixture.start { configuration in
            configuration.apply(.idleTimeout)
            #expect(configuration.idleTimeout == .seconds(5))
            configuration.idleTimeout = .milliseconds(400)
        }
        defer { Task { await server.stop() } }
        let client = try RawClient.greeted(server)
        #expect(try client.readReply(timeout: 5) == ["421 4.4.2 localhost No command for 400 ms: closing the connection"])
        #expect(try client.waitForClose())
    }

    @Test func flakyDropsEverySecondConnectionAfterRCPT() async throws {
        let server = try await ServerFixture.start { $0.apply(.flaky) }
        defer { Task { await server.stop() } }
        let first = try RawClient.greeted(server)
        _ = try first.command("MAIL FROM:<a@x.org>")
        try first.send("RCPT TO:<b@y.org>\r\n")
        #expect(try first.readLine() == nil, "closed with no reply")
        let second = try RawClient.greeted(server)
        _ = try second.command("MAIL FROM:<a@x.org>")
        #expect(try second.command("RCPT TO:<b@y.org>") == "250 2.1.5 Recipient <b@y.org> OK")
    }

    @Test func strictRefusesWhatALenientServerTakes() async throws {
        let server = try await ServerFixture.start { $0.apply(.strict) }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        try client.send("EHLO c.example\n")
        #expect(try client.readReply() == ["500 5.5.2 Bare LF: end every line with CRLF (RFC 5321 §2.3.8)"])
        _ = try client.command("EHLO c.example")
        #expect(try client.command("MAIL FROM:a@x.org").hasPrefix("501 5.5.4 The address must be in angle brackets"))
        #expect(try client.command("MAIL FROM: <a@x.org>").hasPrefix("501 5.5.4 No space is allowed after the colon"))
    }

    @Test func noTLSOffersNoStartTLS() async throws {
        let server = try await ServerFixture.start { $0.apply(.noTLS) }
        defer { Task { await server.stop() } }
        #expect(server.fingerprint == nil)
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        try client.send("EHLO c.example\r\n")
        #expect(try !client.readReply().contains("250-STARTTLS"))
        #expect(try client.command("STARTTLS") == "502 5.5.1 STARTTLS is not offered here (no-tls scenario)")
    }
}
