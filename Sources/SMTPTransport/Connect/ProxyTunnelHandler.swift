import NIOCore

/// Told down the pipeline just before `channelActive` when a proxy tunnel opens: the
/// addresses a PROXY header should claim by default (the real ones are the proxy's).
struct ProxyTunnelOpened: Sendable {
    /// Where the proxy connects from, when it said (SOCKS).
    let bound: SocketAddress?
    /// The server's address, when smtpc resolved it.
    let destination: SocketAddress?
}

/// Opens a tunnel through a proxy, first in the pipeline, before anything else sees the
/// connection: the handlers behind it get `channelActive` only once the tunnel is open,
/// so a PROXY header, a TLS client hello and the banner's timer all start at the server.
///
/// On failure it completes `opened` with a ``ProxyError`` and closes the connection
/// without telling the handlers behind it (they never saw it open).
final class ProxyTunnelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var negotiation: ProxyNegotiation
    private let opened: EventLoopPromise<Void>
    private let timeLimit: TimeAmount
    private var buffer = ByteBuffer()
    private var finished = false
    private var timer: Scheduled<Void>?

    init(negotiation: ProxyNegotiation, opened: EventLoopPromise<Void>, timeLimit: TimeAmount) {
        self.negotiation = negotiation
        self.opened = opened
        self.timeLimit = timeLimit
    }

    func channelActive(context: ChannelHandlerContext) {
        let limit = timeLimit
        let name = "\(negotiation.proxy.kind.displayName) \(negotiation.proxy.host):\(negotiation.proxy.port)"
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let seconds = Double(limit.nanoseconds) / 1e9
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        let kind = negotiation.proxy.kind == .http ? "an HTTP" : "a SOCKS5"
        timer = context.eventLoop.scheduleTask(in: limit) {
            let (handler, context) = loopBound.value
            let message = "the \(name) did not answer within \(shown) s (--connect-timeout); is it \(kind) proxy?"
            handler.fail(ProxyError(kind: .unreachable, message: message), context: context)
        }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: negotiation.start())), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else {
            context.fireChannelRead(data)
            return
        }
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while !finished {
            switch negotiation.receive(&buffer) {
            case .wait:
                return
            case .send(let bytes):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
            case .failed(let error):
                fail(error, context: context)
            case .established(let bound):
                open(bound: bound, context: context)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Nothing behind us writes before the tunnel is open (they have not seen it active).
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if finished {
            context.fireChannelInactive()
        } else {
            fail(negotiation.closedEarly(), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !finished else {
            context.fireErrorCaught(error)
            return
        }
        let reason = (error as? IOError).map { SystemErrorText.describe(errno: $0.errnoCode) } ?? "\(error)"
        fail(
            ProxyError(kind: .unreachable, message: "the connection to the \(negotiation.proxy.kind.displayName) failed: \(reason)"),
            context: context)
    }

    private func fail(_ error: ProxyError, context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        opened.fail(error)
        context.close(promise: nil)
    }

    private func open(bound: SocketAddress?, context: ChannelHandlerContext) {
        finished = true
        timer?.cancel()
        var destination: SocketAddress?
        if case .address(let address) = negotiation.destination { destination = address }
        context.fireUserInboundEventTriggered(ProxyTunnelOpened(bound: bound, destination: destination))
        context.fireChannelActive()
        if buffer.readableBytes > 0 {
            // The server's first bytes came with the proxy's last answer.
            let rest = buffer
            buffer = ByteBuffer()
            context.fireChannelRead(wrapInboundOut(rest))
            context.fireChannelReadComplete()
        }
        opened.succeed()
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }
}
