import NIOCore
import NIOSSL
import NIOTLS
import SMTPCore

/// Decodes the server's bytes into reply events with the core parser, and guards the switch to TLS.
///
/// Events go to the `deliver` callback in the order the bytes arrived, from the event
/// loop. While a STARTTLS is pending the handler feeds the parser one line at a time, so
/// that it knows exactly which bytes followed the server's 220: anything after it and
/// before the handshake is a plaintext injection (CVE-2011-0411 class) and closes the
/// connection instead of being read as a reply.
final class ReplyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Where the connection stands with TLS.
    enum TLSPhase {
        case plaintext
        /// STARTTLS was sent; its reply decides what happens next. The bytes are the
        /// command to send the moment TLS is up (nil: none).
        case awaitingStartTLSReply(TLSHandshake, EventLoopPromise<StartTLSOutcome>, [UInt8]?)
        /// The TLS handlers are in place and the handshake is running.
        case handshaking(TLSHandshake, HandshakeWaiter)
        case active
    }

    /// Who waits for a handshake: `connect` (implicit TLS) or `startTLS`.
    struct HandshakeWaiter {
        /// Implicit TLS failures are reported by `connect` throwing, with no `.closed` event.
        let isImplicit: Bool
        let complete: (Result<TLSInfo, any Error>) -> Void  // fails with a TLSError, typed as the promises are (docs/benchmarks.md)
        var timeout: Scheduled<Void>?
        /// Sent as soon as the handshake completes, before the outcome is reported.
        var then: [UInt8]? = nil
    }

    private static let lineFeed = UInt8(ascii: "\n")

    private var parser: ReplyParser
    let deliver: @Sendable (ConnectionEvent) -> Void
    var phase: TLSPhase = .plaintext
    var context: ChannelHandlerContext?
    /// Set when a close passed through us from the user's side (`SMTPConnection.close()`).
    private var closeRequested = false
    /// The first failure seen; it becomes the `.closed(.error)` reason.
    var failure: String?
    /// Suppresses events for a connection that `connect` reports as failed.
    var silent = false
    /// Script mode: after a read that delivered a reply, watch for the answer (``WriteHandoff``).
    private let handoff: WriteHandoff?
    /// The current read delivered a complete reply.
    private var repliedInRead = false
    /// Replies delivered so far on this connection.
    private var repliesDelivered = 0
    /// Where the answers wait until the first reply (``AnswerSlot``); nil once taken.
    private var slot: AnswerSlot?
    /// Answers still armed, each for the next reply (``ArmedAnswer``).
    private var armed: ArraySlice<ArmedAnswer> = []
    /// Stops reading while the consumer has too much of what was delivered (``ReadGate``).
    private let gate: ReadGate?

    /// A handler that delivers events to `deliver`; with `implicitTLS`, a handshake is already under way.
    init(
        limits: ReplyParser.Limits,
        deliver: @escaping @Sendable (ConnectionEvent) -> Void,
        implicitTLS: (TLSHandshake, EventLoopPromise<TLSInfo>)? = nil,
        handoff: WriteHandoff? = nil,
        answers: AnswerSlot? = nil,
        gate: ReadGate? = nil
    ) {
        self.parser = ReplyParser(limits: limits)
        self.deliver = deliver
        self.handoff = handoff
        self.gate = gate
        self.slot = answers
        if let (handshake, promise) = implicitTLS {
            let waiter = HandshakeWaiter(isImplicit: true, complete: { promise.completeWith($0) })
            phase = .handshaking(handshake, waiter)
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let gate {
            let channel = context.channel
            gate.setResume { channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
        }
        if context.channel.isActive { startHandshakeTimerIfNeeded(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        gate?.setResume(nil)
    }

    func channelActive(context: ChannelHandlerContext) {
        startHandshakeTimerIfNeeded(context: context)
        context.fireChannelActive()
    }

    /// Tells the consumer when the socket drained below the low water mark, so a
    /// streaming writer (`/send`) goes on exactly when the socket can take more.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, !silent { deliver(.writable) }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Inbound bytes

    /// The parser's events for the readable bytes of `buffer`, or its first `count` (read in
    /// place, through the parser's entry for contiguous memory).
    private func feed(_ buffer: ByteBuffer, first count: Int? = nil) -> [ReplyParser.Event] {
        buffer.withUnsafeReadableBytes { bytes in
            parser.feed(UnsafeRawBufferPointer(rebasing: bytes.prefix(count ?? bytes.count)))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let now = ContinuousClock.now
        guard case .awaitingStartTLSReply = phase else {
            let events = feed(buffer)
            if let slot, !events.isEmpty {
                armed = slot.take()[...]
                self.slot = nil
            }
            if !armed.isEmpty, answerArmed(events, context: context), !silent { deliver(.answerWritten) }
            deliverAll(events, at: now)
            return
        }
        // STARTTLS pending: one line at a time, so the bytes after the reply are known exactly.
        while buffer.readableBytes > 0 {
            let view = buffer.readableBytesView
            let end = view.firstIndex(of: Self.lineFeed).map { $0 + 1 } ?? view.endIndex
            let events = feed(buffer, first: end - view.startIndex)
            buffer.moveReaderIndex(forwardBy: end - view.startIndex)
            for event in events {
                deliverAll([event], at: now)
                guard case .reply(let reply) = event,
                    case .awaitingStartTLSReply(let handshake, let promise, let then) = phase
                else { continue }
                if reply.code != 220 {
                    // Declined: the connection stays as it was; the rest is ordinary input.
                    phase = .plaintext
                    promise.succeed(.declined(reply))
                    deliverAll(feed(buffer), at: now)
                    return
                }
                let leftover = buffer.readableBytes + parser.bufferedByteCount
                if leftover > 0 {
                    refuseInjection(context: context, leftover: buffer.readableBytesView, count: leftover, promise: promise)
                } else {
                    beginStartTLSHandshake(context: context, handshake: handshake, promise: promise, then: then)
                }
                return
            }
        }
    }

    /// After a read that completed a reply, a script's answer is usually microseconds away:
    /// watch for it and write it from here (``WriteHandoff``), not from a task that would
    /// have to wake the loop.
    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        guard repliedInRead, let handoff else { return }
        repliedInRead = false
        guard handoff.expectsAnswer(afterReplies: repliesDelivered) else { return }
        switch phase {
        case .plaintext, .active: break
        case .awaitingStartTLSReply, .handshaking: return
        }
        guard context.channel.isActive else { return }
        SMTPConnection.write(handoff.awaitWrites(), on: context.channel)
    }

    /// Writes the armed answer to a read's events, when they are one reply that meets its
    /// trigger and nothing else arrived; otherwise disarms every answer still armed. True
    /// when the answer was written.
    private func answerArmed(_ events: [ReplyParser.Event], context: ChannelHandlerContext) -> Bool {
        guard let answer = armed.popFirst() else { return false }
        guard events.count == 1, case .reply(let reply) = events[0], parser.bufferedByteCount == 0,
            answer.trigger.isMet(by: reply, number: repliesDelivered + 1), context.channel.isActive
        else {
            armed = []
            return false
        }
        switch answer.action {
        case .write(let bytes):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
        case .startTLS(let command, let ahead, let then, let completion):
            guard let prepared = ahead.takeBuilt(),
                let outcome = try? startTLS(handshake: TLSHandshake(prepared), command: command, then: then)
            else {
                armed = []
                return false
            }
            outcome.whenComplete(completion)
        }
        return true
    }

    /// Hands parser events to the consumer, stamping replies with the time of the read.
    private func deliverAll(_ events: [ReplyParser.Event], at instant: ContinuousClock.Instant) {
        guard !silent, !events.isEmpty else { return }
        var weight = 0
        for event in events {
            let delivered: ConnectionEvent
            switch event {
            case .reply(let reply):
                repliedInRead = true
                repliesDelivered += 1
                delivered = .reply(reply, receivedAt: instant)
            case .error(let error): delivered = .parseError(error)
            case .overflow(let piece): delivered = .overflow(piece)
            }
            if gate != nil { weight += delivered.weight }
            deliver(delivered)
        }
        if let gate, gate.admitted(weight), let channel = context?.channel {
            // The consumer is behind: the rest waits in the kernel and at the server.
            channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
            if gate.markPaused() { channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
        }
    }

    // MARK: Handshake outcome

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted(let alpn) = event as? TLSUserEvent,
            case .handshaking(let handshake, let waiter) = phase
        {
            if let problem = handshake.serverNameProblem(pipeline: context.pipeline.syncOperations) {
                fail(problem, context: context)
                return
            }
            // A chain check (--dane) judges before anything is written over the session.
            let judged = handshake.judged(alpn: alpn, pipeline: context.pipeline.syncOperations)
            if case .failure(let refusal) = judged { return fail(refusal, context: context) }
            waiter.timeout?.cancel()
            phase = .active
            if let then = waiter.then { context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: then)), promise: nil) }
            let info = (try? judged?.get()) ?? handshake.info(alpn: alpn, pipeline: context.pipeline.syncOperations)
            if !silent { deliver(.tlsEstablished(info)) }
            waiter.complete(.success(info))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .handshaking(let handshake, _) = phase {
            fail(handshake.mapError(error), context: context)
            return
        }
        // A server that closes without a TLS close_notify has still simply closed.
        if let sslError = error as? NIOSSLError, case .uncleanShutdown = sslError { return }
        if failure == nil { failure = Self.describe(error) }
        context.close(promise: nil)
    }

    // MARK: Closing

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all { closeRequested = true }
        context.close(mode: mode, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch phase {
        case .handshaking(let handshake, _):
            fail(handshake.closedError(), context: context)
        case .awaitingStartTLSReply(_, let promise, _):
            phase = .plaintext
            promise.fail(ConnectionError.notConnected)
        case .plaintext, .active:
            break
        }
        // Whatever the server sent last is delivered before the close: nothing is lost.
        deliverAll(parser.finish(), at: .now)
        if !silent {
            let reason: ClosedReason
            if let failure {
                reason = .error(failure)
            } else {
                reason = closeRequested ? .byClient : .byServer
            }
            deliver(.closed(reason))
        }
        context.fireChannelInactive()
    }

    /// A short description of a channel error for the `.closed(.error)` reason.
    static func describe(_ error: any Error) -> String {
        if let ioError = error as? IOError {
            return SystemErrorText.describe(errno: ioError.errnoCode)
        }
        return "\(error)"
    }
}
