import NIOCore
import Testing

@testable import SMTPTransport

/// The proxy handshakes byte by byte (RFC 1928, RFC 1929, HTTP CONNECT), and `--proxy` URLs.
struct ProxyNegotiationTests {
    private func proxy(_ url: String) throws -> Proxy { try Proxy.parse(url).get() }

    /// Feeds `bytes` one at a time (the hardest split) and returns the last step.
    private func feed(_ negotiation: inout ProxyNegotiation, _ bytes: [UInt8], buffer: inout ByteBuffer) -> ProxyNegotiation.Step {
        var step = ProxyNegotiation.Step.wait
        for byte in bytes {
            buffer.writeInteger(byte)
            step = negotiation.receive(&buffer)
            if step != .wait { return step }
        }
        return step
    }

    @Test func socksWithoutCredentialsAsksForAnAddress() throws {
        let target = try SocketAddress(ipAddress: "192.0.2.7", port: 2525)
        var negotiation = ProxyNegotiation(proxy: try proxy("socks5://127.0.0.1:1080"), destination: .address(target))
        #expect(negotiation.start() == [5, 1, 0])
        var buffer = ByteBuffer()
        #expect(feed(&negotiation, [5, 0], buffer: &buffer) == .send([5, 1, 0, 1, 192, 0, 2, 7, 0x09, 0xDD]))
        let reply: [UInt8] = [5, 0, 0, 1, 10, 0, 0, 1, 0x30, 0x39]
        let step = feed(&negotiation, reply + Array("220 hi\r\n".utf8), buffer: &buffer)
        #expect(step == .established(bound: try SocketAddress(ipAddress: "10.0.0.1", port: 12345)))
        #expect(buffer.readableBytes == 0, "the server's bytes were fed after the reply: none consumed early")
    }

    @Test func socksHandsTheNameToTheProxyAndKeepsTheServersFirstBytes() throws {
        var negotiation = ProxyNegotiation(proxy: try proxy("socks5h://proxy.example"), destination: .name("mx.example.org", port: 25))
        _ = negotiation.start()
        var buffer = ByteBuffer(bytes: [5, 0])
        let name = Array("mx.example.org".utf8)
        #expect(negotiation.receive(&buffer) == .send([5, 1, 0, 3, UInt8(name.count)] + name + [0, 25]))
        // The reply and the banner in one read: the banner stays in the buffer.
        buffer.writeBytes([5, 0, 0, 4] + [UInt8](repeating: 0, count: 15) + [1, 0, 25] + Array("220 mx\r\n".utf8))
        #expect(negotiation.receive(&buffer) == .established(bound: try SocketAddress(ipAddress: "::1", port: 25)))
        #expect(buffer.readString(length: buffer.readableBytes) == "220 mx\r\n")
    }

    @Test func socksUserAndPasswordFollowRFC1929() throws {
        var negotiation = ProxyNegotiation(
            proxy: try proxy("socks5://us%40er:p%3Ass@127.0.0.1:1081"), destination: .name("localhost", port: 2525))
        #expect(negotiation.start() == [5, 2, 0, 2])
        var buffer = ByteBuffer()
        let expected: [UInt8] = [1, 5] + Array("us@er".utf8) + [4] + Array("p:ss".utf8)
        #expect(feed(&negotiation, [5, 2], buffer: &buffer) == .send(expected))
        let refused = feed(&negotiation, [1, 1], buffer: &buffer)
        #expect(
            refused
                == .failed(
                    ProxyError(
                        kind: .authentication, message: "the SOCKS proxy 127.0.0.1:1081 refused the user name and password for us@er")))
    }

    @Test func aProxyThatWantsCredentialsSaysHowToGiveThem() throws {
        var negotiation = ProxyNegotiation(proxy: try proxy("socks5://127.0.0.1:1081"), destination: .name("h", port: 25))
        _ = negotiation.start()
        var buffer = ByteBuffer(bytes: [5, 0xFF])
        guard case .failed(let error) = negotiation.receive(&buffer) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .authentication)
        #expect(error.message.contains("requires a user name and password (socks5://USER:PASSWORD@HOST:PORT)"))
    }

    @Test(arguments: [
        (UInt8(1), ProxyError.Kind.refused, "refused: general SOCKS server failure"),
        (2, .refused, "refused: connection not allowed by ruleset"),
        (3, .serverUnreachable, "could not reach h port 25: network unreachable"),
        (4, .serverUnreachable, "could not reach h port 25: host unreachable"),
        (5, .serverUnreachable, "could not reach h port 25: connection refused"),
        (7, .refused, "refused: command not supported"),
    ])
    func socksReplyCodesAreNamedAsRFC1928NamesThem(code: UInt8, kind: ProxyError.Kind, words: String) throws {
        var negotiation = ProxyNegotiation(proxy: try proxy("socks5h://127.0.0.1"), destination: .name("h", port: 25))
        _ = negotiation.start()
        var buffer = ByteBuffer(bytes: [5, 0])
        _ = negotiation.receive(&buffer)
        buffer.writeBytes([5, code, 0, 1])
        guard case .failed(let error) = negotiation.receive(&buffer) else {
            Issue.record("code \(code) did not fail")
            return
        }
        #expect(error.kind == kind)
        #expect(error.message.contains(words), "\(error.message)")
    }

    @Test func anHTTPProxyAnsweringTheSOCKSGreetingIsNamed() throws {
        var negotiation = ProxyNegotiation(proxy: try proxy("socks5://127.0.0.1:8080"), destination: .name("h", port: 25))
        _ = negotiation.start()
        var buffer = ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n")
        #expect(
            negotiation.receive(&buffer)
                == .failed(
                    ProxyError(
                        kind: .unreachable,
                        message: "SOCKS proxy 127.0.0.1:8080 does not answer as a SOCKS5 proxy (it answered in HTTP: use http://)")))
    }

    @Test func httpConnectCarriesTheAuthorityAndBasicCredentials() throws {
        var negotiation = ProxyNegotiation(
            proxy: try proxy("http://relay:tunnel-5@[::1]:3128"), destination: .address(try SocketAddress(ipAddress: "::1", port: 2525)))
        let request = String(decoding: negotiation.start(), as: UTF8.self)
        #expect(
            request
                == "CONNECT [::1]:2525 HTTP/1.1\r\nHost: [::1]:2525\r\nProxy-Authorization: Basic cmVsYXk6dHVubmVsLTU=\r\n\r\n")
        var buffer = ByteBuffer()
        let response = Array("HTTP/1.1 200 Connection established\r\nProxy-Agent: x\r\n\r\n220 ready\r\n".utf8)
        #expect(feed(&negotiation, response, buffer: &buffer) == .established(bound: nil))
    }

    @Test(arguments: [
        ("HTTP/1.1 403 Access violation", ProxyError.Kind.refused, "refused: 403 Access violation (asked for mx port 25)"),
        ("HTTP/1.1 407 Proxy Authentication Required", .authentication, "requires a user name and password"),
        ("HTTP/1.0 502 Bad Gateway", .serverUnreachable, "could not reach mx port 25: 502 Bad Gateway"),
        ("HTTP/1.1 500 Unable to connect", .serverUnreachable, "could not reach mx port 25: 500 Unable to connect"),
        ("SSH-2.0-OpenSSH_9.2", .unreachable, "does not answer as an HTTP proxy"),
    ])
    func httpRefusalsAreNamed(statusLine: String, kind: ProxyError.Kind, words: String) throws {
        var negotiation = ProxyNegotiation(proxy: try proxy("http://127.0.0.1:8888"), destination: .name("mx", port: 25))
        _ = negotiation.start()
        var buffer = ByteBuffer(string: statusLine + "\r\nServer: x\r\n\r\n")
        guard case .failed(let error) = negotiation.receive(&buffer) else {
            Issue.record("\(statusLine) did not fail")
            return
        }
        #expect(error.kind == kind)
        #expect(error.message.contains(words), "\(error.message)")
    }

    @Test func anEndlessHTTPHeadIsCutOff() throws {
        var negotiation = ProxyNegotiation(proxy: try proxy("http://127.0.0.1:8888"), destination: .name("mx", port: 25))
        _ = negotiation.start()
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Padding: 0123456789\r\n", count: 1000))
        #expect(
            negotiation.receive(&buffer)
                == .failed(ProxyError(kind: .unreachable, message: "the HTTP proxy 127.0.0.1:8888 sent a response head over 16 KiB")))
    }

    @Test func proxyURLs() throws {
        let plain = try proxy("socks5://127.0.0.1")
        #expect(plain.kind == .socks5 && plain.port == 1080 && plain.username == nil && !plain.resolvesNames)
        let named = try proxy("SOCKS5H://[::1]:9050/")
        #expect(named.kind == .socks5h && named.host == "::1" && named.port == 9050 && named.resolvesNames)
        let http = try proxy("http://a%20b:secret@proxy.example:3128")
        #expect(http.username == "a b" && http.password == "secret")
        #expect(http.description == "http://a%20b@proxy.example:3128", "the password is never shown")
        let failures: [(String, String)] = [
            ("127.0.0.1:1080", "expected socks5://HOST:PORT"),
            ("https://p:443", "https:// is not a proxy smtpc speaks"),
            ("socks4://p:1080", "socks4:// is not a proxy smtpc speaks"),
            ("http://proxy.example", "give the HTTP proxy's port"),
            ("socks5://p:70000", "70000 is not a port"),
            ("socks5://p:1080/path", "a proxy URL has no path"),
            ("socks5://u:%zz@p:1080", "the password has a bad %-escape"),
            ("socks5://:pw@p:1080", "1 to 255 bytes"),
        ]
        for (url, words) in failures {
            guard case .failure(let error) = Proxy.parse(url) else {
                Issue.record("\(url) was accepted")
                continue
            }
            #expect(error.message.contains(words), "\(url): \(error.message)")
        }
        guard case .failure(let error) = Proxy.parse("socks5://u:topsecret@p:99999") else { return }
        #expect(!error.message.contains("topsecret") && error.message.contains("socks5://u:***@p:99999"), "\(error.message)")
    }
}
