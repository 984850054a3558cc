import NIOCore
import NIOPosix

/// Why a query got no answer: no reply in time, or a system error (refused, unreachable…).
enum DNSTransportError: Error, Equatable {
    case timedOut
    case failed(String)
}

/// Sends one DNS query and waits for its answer, over UDP or TCP (RFC 1035 §4.2).
///
/// Each exchange opens its own socket, so every UDP query leaves from a fresh random
/// port; the UDP socket is connected, so the kernel drops datagrams from other hosts
/// and an ICMP "port unreachable" is reported at once as "connection refused".
enum DNSTransport {
    /// Sends `query` in one datagram and returns the first datagram that `accept` takes.
    ///
    /// Datagrams that `accept` rejects (another transaction ID, another question) are
    /// ignored and the wait goes on: a forged or stale answer must not end the query.
    static func exchangeUDP(
        query: [UInt8], server: SocketAddress, timeout: TimeAmount, group: any EventLoopGroup,
        accept: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws(DNSTransportError) -> [UInt8] {
        let loop = group.next()
        let answer = loop.makePromise(of: [UInt8].self)
        let bootstrap = DatagramBootstrap(group: loop)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramAnswerHandler(accept: accept, answer: answer))
                }
            }
        return try await exchange(answer: answer, timeout: timeout, loop: loop, query: query) {
            try await bootstrap.connect(to: server).get()
        }
    }

    /// Sends `query` over TCP with its two-byte length prefix and returns the answer it gets back.
    static func exchangeTCP(
        query: [UInt8], server: SocketAddress, timeout: TimeAmount, group: any EventLoopGroup
    ) async throws(DNSTransportError) -> [UInt8] {
        let loop = group.next()
        let answer = loop.makePromise(of: [UInt8].self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StreamAnswerHandler(answer: answer))
                }
            }
        var framed: [UInt8] = []
        DNSQueryEncoder.append(UInt16(clamping: query.count), to: &framed)
        framed.append(contentsOf: query)
        return try await exchange(answer: answer, timeout: timeout, loop: loop, query: framed) {
            try await bootstrap.connect(to: server).get()
        }
    }

    /// Connects, writes `query`, and waits for `answer` or the timeout; always closes the socket.
    private static func exchange(
        answer: EventLoopPromise<[UInt8]>, timeout: TimeAmount, loop: any EventLoop, query: [UInt8],
        connect: () async throws -> any Channel
    ) async throws(DNSTransportError) -> [UInt8] {
        let channel: any Channel
        do {
            channel = try await connect()
        } catch {
            answer.fail(error)
            throw describe(error)
        }
        let timer = loop.scheduleTask(in: timeout) { answer.fail(DNSTransportError.timedOut) }
        channel.writeAndFlush(ByteBuffer(bytes: query)).whenFailure { answer.fail($0) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        do {
            return try await answer.futureResult.get()
        } catch {
            throw describe(error)
        }
    }

    /// Our error for anything thrown while exchanging: the timeout as is, system errors in words.
    private static func describe(_ error: any Error) -> DNSTransportError {
        if let error = error as? DNSTransportError { return error }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError { return .timedOut }
        return .failed(SystemErrorText.classify(error, timeout: .zero).1)
    }
}

/// Hands the first acceptable datagram to the promise; a socket error fails it.
private final class DatagramAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let accept: @Sendable ([UInt8]) -> Bool
    private let answer: EventLoopPromise<[UInt8]>

    init(accept: @escaping @Sendable ([UInt8]) -> Bool, answer: EventLoopPromise<[UInt8]>) {
        self.accept = accept
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(unwrapInboundIn(data).data.readableBytesView)
        if accept(bytes) { answer.succeed(bytes) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        answer.fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        answer.fail(DNSTransportError.failed("the socket closed"))
    }
}

/// Collects one length-prefixed answer from a TCP stream (at most 2 + 65,535 bytes).
private final class StreamAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let answer: EventLoopPromise<[UInt8]>
    private var received: [UInt8] = []

    init(answer: EventLoopPromise<[UInt8]>) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        guard received.count >= 2 else { return }
        let length = Int(received[0]) << 8 | Int(received[1])
        guard received.count >= 2 + length else { return }
        answer.succeed(Array(received[2..<(2 + length)]))
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        answer.fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        answer.fail(DNSTransportError.failed("the server closed the TCP connection before a whole answer"))
    }
}
