#if DEBUG
    import NIOCore
    @testable import SMTPTransport

    /// A proxy's answers, from an untrusted proxy: the first byte picks the proxy (SOCKS5
    /// with or without credentials, socks5h, HTTP) and how the rest is split into reads.
    /// The handshake ends at most once, consumes no more than it was given, and after its
    /// end takes nothing more (the rest is the server's).
    func fuzzProxyNegotiation(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let urls = ["socks5://127.0.0.1", "socks5://u:p@127.0.0.1", "socks5h://127.0.0.1", "http://u:p@127.0.0.1:3128"]
        guard let proxy = try? Proxy.parse(urls[Int(first & 3)]).get() else { preconditionFailure("a fixed URL was refused") }
        let destination: ProxyDestination =
            first & 4 == 0
            ? .name("mx.example.org", port: 25) : .address(try! SocketAddress(ipAddress: "192.0.2.1", port: 25))
        var negotiation = ProxyNegotiation(proxy: proxy, destination: destination)
        precondition(!negotiation.start().isEmpty)
        let chunk = Int(first >> 3) + 1
        var buffer = ByteBuffer()
        var fed = 0
        var ended = false
        var rest = bytes.dropFirst()
        while !rest.isEmpty {
            buffer.writeBytes(rest.prefix(chunk))
            fed += min(chunk, rest.count)
            rest = rest.dropFirst(chunk)
            let before = buffer.readableBytes
            let step = negotiation.receive(&buffer)
            precondition(buffer.readableBytes <= before, "bytes appeared")
            switch step {
            case .wait, .send:
                if ended { precondition(step == .wait, "the handshake spoke after its end") }
                if ended { precondition(buffer.readableBytes == before, "bytes taken after the end") }
            case .established, .failed:
                precondition(!ended, "the handshake ended twice")
                ended = true
            }
            if case .failed(let error) = step { precondition(!error.message.isEmpty) }
        }
        precondition(buffer.readableBytes <= fed)
    }
#endif
