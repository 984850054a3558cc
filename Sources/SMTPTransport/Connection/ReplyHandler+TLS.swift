import NIOCore
import NIOSSL

/// STARTTLS in the reply handler: the guard armed before the command goes out, the TLS
/// handlers put in front after a 220 with nothing behind it, the handshake's timer, and
/// a handshake that ends in an error.
extension ReplyHandler {
    /// Arms the STARTTLS guard and sends the command; the future completes when the outcome is known.
    ///
    /// Arming happens before the write, on the event loop, so the reply cannot arrive unguarded.
    /// `then` is written the moment the handshake completes, in the same flight as the
    /// client's last handshake message, before the outcome is reported; never when TLS did
    /// not start (declined, failed, or the server's name did not match).
    func startTLS(
        handshake: TLSHandshake, command: [UInt8], then: [UInt8]? = nil
    ) throws(ConnectionError) -> EventLoopFuture<StartTLSOutcome> {
        guard let context, context.channel.isActive else { throw .notConnected }
        switch phase {
        case .active: throw .tlsAlreadyActive
        case .awaitingStartTLSReply, .handshaking: throw .startTLSPending
        case .plaintext: break
        }
        let promise = context.eventLoop.makePromise(of: StartTLSOutcome.self)
        phase = .awaitingStartTLSReply(handshake, promise, then)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: command)), promise: nil)
        handshake.makeHandlersAhead()
        return promise.futureResult
    }

    /// After a 220 with nothing behind it: put TLS in front of us and start the handshake.
    func beginStartTLSHandshake(
        context: ChannelHandlerContext, handshake: TLSHandshake, promise: EventLoopPromise<StartTLSOutcome>,
        then: [UInt8]?
    ) {
        let waiter = HandshakeWaiter(
            isImplicit: false,
            complete: { result in
                promise.completeWith(result.map { .established($0) })
            }, then: then)
        phase = .handshaking(handshake, waiter)
        do {
            try handshake.install(in: context.pipeline.syncOperations)
        } catch {
            fail(handshake.mapError(error), context: context)
            return
        }
        startHandshakeTimerIfNeeded(context: context)
    }

    /// The server sent more than its 220: refuse to start TLS on a tampered stream and close.
    func refuseInjection(
        context: ChannelHandlerContext, leftover: ByteBufferView, count: Int, promise: EventLoopPromise<StartTLSOutcome>
    ) {
        let error = TLSError.plaintextInjection(byteCount: count, excerpt: Array(leftover.prefix(64)))
        phase = .plaintext
        failure = error.description
        promise.fail(error)
        context.close(promise: nil)
    }

    func startHandshakeTimerIfNeeded(context: ChannelHandlerContext) {
        guard case .handshaking(let handshake, var waiter) = phase, waiter.timeout == nil else { return }
        waiter.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: handshake.timeout.timeAmount) {
            [weak self] in
            self?.handshakeTimedOut()
        }
        phase = .handshaking(handshake, waiter)
    }

    func handshakeTimedOut() {
        guard case .handshaking(let handshake, _) = phase, let context else { return }
        fail(handshake.timedOutError(), context: context)
    }

    /// Ends a handshake with an error: the waiter learns why, the connection closes.
    func fail(_ error: TLSError, context: ChannelHandlerContext) {
        guard case .handshaking(_, let waiter) = phase else { return }
        waiter.timeout?.cancel()
        phase = .plaintext
        if waiter.isImplicit { silent = true }
        if failure == nil { failure = error.description }
        waiter.complete(.failure(error))
        context.close(promise: nil)
    }
}
