import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A scripted DNS server on loopback, UDP and TCP on the same port, for the client's fault cases.
///
/// For each query the script returns the datagrams to send back (none drops the query);
/// over TCP it returns the one answer to frame. Every query received is recorded with
/// its transport, so tests can assert what reached the server.
final class MXFakeDNSServer: Sendable {
    /// What the server does with a query; `number` counts UDP queries from 1.
    struct Script: Sendable {
        var udp: @Sendable (_ query: [UInt8], _ number: Int) -> [[UInt8]]
        var tcp: @Sendable (_ query: [UInt8]) -> [UInt8]? = { _ in nil }
    }

    let port: Int
    private let channels: [any Channel]
    private let log: NIOLockedValueBox<[(transport: String, query: [UInt8])]>

    /// Every query received so far: `("udp" | "tcp", bytes)`.
    var queries: [(transport: String, query: [UInt8])] { log.withLockedValue { $0 } }

    /// The server address as `--dns-server` takes it.
    var server: String { "127.0.0.1:\(port)" }

    init(script: Script) async throws {
        let log = NIOLockedValueBox<[(transport: String, query: [UInt8])]>([])
        self.log = log
        let group = MultiThreadedEventLoopGroup.singleton
        // TCP first on a free port, then UDP on the same number (retrying if that UDP port is taken).
        var attempt = 0
        while true {
            attempt += 1
            let tcp = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { child in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(FakeTCPHandler(script: script, log: log))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let port = tcp.localAddress?.port ?? 0
            do {
                let udp = try await DatagramBootstrap(group: group)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(FakeUDPHandler(script: script, log: log))
                        }
                    }
                    .bind(host: "127.0.0.1", port: port).get()
                self.port = port
                self.channels = [tcp, udp]
                return
            } catch {
                try? await tcp.close().get()
                if attempt >= 5 { throw error }
            }
        }
    }

    func stop() async {
        for channel in channels { try? await channel.close().get() }
    }
}

/// Answers datagrams as the script says.
private final class FakeUDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let script: MXFakeDNSServer.Script
    private let log: NIOLockedValueBox<[(transport: String, query: [UInt8])]>
    private var count = 0

    init(script: MXFakeDNSServer.Script, log: NIOLockedValueBox<[(transport: String, query: [UInt8])]>) {
        self.script = script
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let query = Array(envelope.data.readableBytesView)
        log.withLockedValue { $0.append(("udp", query)) }
        count += 1
        for answer in script.udp(query, count) {
            let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: answer))
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        }
    }
}

/// Reads one length-prefixed query per connection and answers it as the script says.
private final class FakeTCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: MXFakeDNSServer.Script
    private let log: NIOLockedValueBox<[(transport: String, query: [UInt8])]>
    private var buffer: [UInt8] = []

    init(script: MXFakeDNSServer.Script, log: NIOLockedValueBox<[(transport: String, query: [UInt8])]>) {
        self.script = script
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        buffer.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        guard buffer.count >= 2 else { return }
        let length = Int(buffer[0]) << 8 | Int(buffer[1])
        guard buffer.count >= 2 + length else { return }
        let query = Array(buffer[2..<(2 + length)])
        log.withLockedValue { $0.append(("tcp", query)) }
        guard let answer = script.tcp(query) else {
            context.close(promise: nil)
            return
        }
        let framed = MXTestPackets.u16(answer.count) + answer
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: framed)), promise: nil)
    }
}
