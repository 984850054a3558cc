import NIOCore
import NIOPosix
import SMTPCore

/// One open connection to an SMTP (or LMTP) server.
///
/// Replies, parse errors, TLS completion and the close arrive through the `onEvent`
/// callback given to ``connect(to:options:group:onEvent:)``, in order, on the event loop;
/// commands go out with ``send(_:)`` exactly as given.
public final class SMTPConnection: Sendable {
    /// What was asked for.
    public let endpoint: Endpoint
    /// The address actually connected to: `127.0.0.1:2525`, `[::1]:25` or a socket path;
    /// through a proxy, `via socks5://127.0.0.1:1080`.
    public let remoteAddress: String
    /// The proxy the connection goes through (`--proxy`).
    public let proxy: Proxy?
    private let channel: any Channel
    /// Script mode's short way for writes that answer a reply (``ConnectOptions/answerWindow``).
    private let handoff: WriteHandoff?

    init(endpoint: Endpoint, channel: any Channel, via proxy: Proxy? = nil, handoff: WriteHandoff? = nil) {
        self.endpoint = endpoint
        self.channel = channel
        self.proxy = proxy
        self.handoff = handoff
        self.remoteAddress = proxy.map { "via \($0)" } ?? channel.remoteAddress?.displayAddressWithPort ?? endpoint.description
    }

    /// Whether the connection is still open.
    public var isConnected: Bool { channel.isActive }

    /// Whether the socket takes more bytes now without queueing beyond the high water
    /// mark; when it turns true again a `.writable` event is delivered. Any thread.
    public var isWritable: Bool { channel.isWritable }

    /// Writes `bytes` exactly as given (nothing appended) and flushes them.
    ///
    /// Does not block and may be called from any thread; writes go out in call order.
    /// The future completes when the bytes are handed to the socket, and fails with a
    /// ``ConnectionError`` (`.notConnected` once the connection is closed).
    @discardableResult
    public func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        send(bytes) { result in promise.completeWith(result.mapError { $0 as any Error }) }
        return promise.futureResult
    }

    /// Writes `bytes` exactly as given and flushes them; `written` is called on the event
    /// loop once they are handed to the socket (or could not be).
    ///
    /// From another thread this costs one task on the event loop: the write and its
    /// completion are arranged there together (a future chained off the loop would cost
    /// one wake-up of the loop for each callback). With an answer window, a write made
    /// while the event loop watches after a reply costs no task at all (``WriteHandoff``).
    public func send(_ bytes: [UInt8], written: @escaping @Sendable (Result<Void, ConnectionError>) -> Void) {
        let channel = self.channel
        let write = WriteHandoff.Write(buffer: ByteBuffer(bytes: bytes), written: written)
        guard let handoff else {
            if channel.eventLoop.inEventLoop {
                Self.write([write], on: channel)
            } else {
                channel.eventLoop.execute { Self.write([write], on: channel) }
            }
            return
        }
        if channel.eventLoop.inEventLoop {
            Self.write(handoff.take() + [write], on: channel)
        } else if !handoff.offer(write) {
            channel.eventLoop.execute { Self.write(handoff.take(), on: channel) }
        }
    }

    /// Writes `writes` in order and flushes once (on the event loop).
    static func write(_ writes: [WriteHandoff.Write], on channel: any Channel) {
        guard !writes.isEmpty else { return }
        for write in writes {
            channel.write(write.buffer).whenComplete { result in
                write.written(result.mapError(Self.writeError))
            }
        }
        channel.flush()
    }

    /// With an answer window: the reply (counted from 1 on this connection) that the
    /// caller will answer at once with a write, or nil when it will not answer the next
    /// reply at once; the event loop watches for the write only after that reply. Any thread.
    public func expectAnswer(toReply number: Int?) {
        handoff?.expectAnswer(toReply: number)
    }

    /// What a failed write means to the caller.
    private static func writeError(_ error: any Error) -> ConnectionError {
        if let channelError = error as? ChannelError, channelError == .ioOnClosedChannel || channelError == .alreadyClosed {
            return .notConnected
        }
        return ConnectionError(kind: .writeFailed, message: "cannot send: \(ReplyHandler.describe(error))")
    }

    /// Stops (`false`) or resumes (`true`) reading from the socket: a consumer that falls
    /// behind a flood pauses the server instead of queueing without bound (the kernel's
    /// buffers, then TCP flow control, hold the rest). Any thread.
    public func setReading(_ reading: Bool) {
        channel.setOption(ChannelOptions.autoRead, value: reading).whenFailure { _ in }
    }

    /// Closes the connection gracefully (a TLS close_notify first, when TLS is on).
    ///
    /// The `.closed(.byClient)` event follows. Closing an already closed connection does nothing.
    public func close() async {
        try? await channel.close().get()
    }

    /// Runs `body` on the connection's event loop after `delay`, whether or not the
    /// connection is still open: a timer without a task and its own threads. Any thread.
    public func after(_ delay: Duration, _ body: @escaping @Sendable () -> Void) {
        channel.eventLoop.scheduleTask(in: delay.timeAmount) { body() }
    }

    /// Starts closing the connection and returns at once; `.closed(.byClient)` follows.
    public func closeNow() {
        channel.close(promise: nil)
    }

    /// Sends `command` (normally `STARTTLS\r\n`, as typed) and, if the server answers 220,
    /// performs the TLS handshake.
    ///
    /// The reply is also delivered as a `.reply` event, and a successful handshake as
    /// `.tlsEstablished`. Call it only when no other reply is outstanding: the first reply
    /// after the command is taken as the answer. Any byte the server sends after its 220
    /// and before the handshake is refused as a plaintext injection (``TLSError/Kind-swift.struct/plaintextInjection``)
    /// and the connection closed; a failed handshake closes it too — there is never a
    /// fall-back to plaintext after a 220.
    /// - Returns: `.established` with the session's details, or `.declined` with the
    ///   server's non-220 reply (the connection is unchanged).
    /// - Throws: ``TLSError`` or ``ConnectionError``.
    public func startTLS(
        command: [UInt8] = Array("STARTTLS\r\n".utf8), settings: TLSSettings
    ) async throws -> StartTLSOutcome {
        try await startTLSFuture(command: command, settings: settings).get()
    }

    /// ``startTLS(command:settings:)`` for a caller that is not a task: the settings are
    /// turned into a TLS context on the calling thread (it reads files) unless `ahead`
    /// built it already, and `completion` runs on the event loop with the outcome. No task,
    /// so no hop through the task threads.
    ///
    /// `then`: the command that follows TLS (`--starttls`'s second EHLO), written by the event
    /// loop the moment the handshake completes, with the client's last handshake message,
    /// before `completion` runs; never written when TLS did not start.
    public func startTLS(
        command: [UInt8], settings: TLSSettings, ahead: TLSContextAhead? = nil, then: [UInt8]? = nil,
        completion: @escaping @Sendable (Result<StartTLSOutcome, any Error>) -> Void
    ) {
        let outcome: EventLoopFuture<StartTLSOutcome>
        do {
            outcome = try startTLSFuture(command: command, settings: settings, ahead: ahead, then: then)
        } catch {
            completion(.failure(error))
            return
        }
        outcome.whenComplete(completion)
    }

    private func startTLSFuture(
        command: [UInt8], settings: TLSSettings, ahead: TLSContextAhead? = nil, then: [UInt8]? = nil
    ) throws -> EventLoopFuture<StartTLSOutcome> {
        let prepared =
            try ahead?.take(settings: settings, endpoint: endpoint) ?? PreparedTLS.make(settings: settings, endpoint: endpoint)
        let channel = self.channel
        return channel.eventLoop.flatSubmit { () -> EventLoopFuture<StartTLSOutcome> in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: ReplyHandler.self)
                return try handler.startTLS(handshake: TLSHandshake(prepared), command: command, then: then)
            } catch {
                let failure: any Error = error as? ConnectionError ?? ConnectionError.notConnected
                return channel.eventLoop.makeFailedFuture(failure)
            }
        }
    }
}
