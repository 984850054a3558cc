import NIOCore
import NIOSSL
import NIOTLS

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Carries one connection's bytes to its `ServerSession` and the session's actions back to the socket.
///
/// Replies produced by one read are flushed together (pipelining, RFC 2920). While a
/// tarpit delay is running, the handler stops reading, so commands are still answered one
/// by one in order. It also runs the idle timer and adds TLS after a 220 to STARTTLS.
final class SMTPSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let shared: SharedServerState
    private let peer: SocketAddress?
    private var session: ServerSession?
    private var number = 0
    /// Actions not yet carried out (they wait behind a tarpit delay).
    private var pending: [SessionAction] = []
    /// `true` while a delayed reply is waiting to be written.
    private var waiting = false
    /// Reads that arrived while waiting, fed to the session afterwards.
    private var heldInput: [ByteBuffer] = []
    /// A `read` the pipeline asked for while waiting.
    private var readRequested = false
    private var idleTimer: Scheduled<Void>?
    /// When the client last sent something: the idle timer counts from it.
    private var lastRead = NIODeadline.now()
    private var closing = false
    /// The greeting went out (the strict scenario sends it late; talking first is an error).
    private var greeted = false
    /// The conversation told to its taps (`--record-dir`, the web view, the classroom); nil without any.
    private var recorder: ConversationTranscriber?

    init(shared: SharedServerState, peer: SocketAddress?) {
        self.shared = shared
        self.peer = peer
    }

    func channelActive(context: ChannelHandlerContext) {
        let (number, admitted) = shared.opened(context.channel)
        self.number = number
        let client = peer?.ipAddress ?? "unknown"
        let shown = peer.map(LoopbackAddress.display) ?? client
        shared.log(number, .connected(peer: shown))
        guard admitted else {
            perform([.reply(ServerReply(421, "4.3.2", "Too many connections, try again later")), .close], context: context)
            return
        }
        let session = ServerSession(
            settings: shared.sessionSettings(number: number, clientAddress: client), services: shared.sessionServices)
        self.session = session
        recorder = makeTranscriber(number: number, client: shown, context: context)
        lastRead = .now()
        startIdleTimer(context: context, in: TimeAmount(shared.configuration.idleTimeout))
        if session.settings.strict {
            // The strict scenario waits before greeting, to catch a client that talks first.
            let loop = context.eventLoop.assumeIsolated()
            loop.scheduleTask(in: TimeAmount(shared.configuration.greetingDelay)) { [self] in
                guard !closing, !greeted else { return }
                greeted = true
                perform(session.greeting(), context: context)
            }
        } else {
            greeted = true
            perform(session.greeting(), context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        recorder?.close(by: closing ? .server : .client)
        recorder = nil
        if let user = session?.authenticatedUser { shared.configuration.accountGate?.releaseConnection(user: user) }
        shared.closed(number)
        shared.log(number, .disconnected(closing ? "connection closed by the server" : "connection closed by the client"))
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard !closing else { return }
        guard greeted else {
            greeted = true
            perform(ServerSession.synchronizationError("the client talked before the greeting"), context: context)
            return
        }
        lastRead = .now()
        if waiting || !pending.isEmpty {
            heldInput.append(buffer)
            return
        }
        feed(buffer, context: context)
    }

    func read(context: ChannelHandlerContext) {
        if waiting {
            readRequested = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent, var session {
            let version = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).tlsVersion
            shared.log(number, .tlsEstablished("TLS established (\(Self.name(of: version))); the client must send EHLO again"))
            let name = Self.name(of: version)
            recorder?.event(
                .tlsEstablished(
                    .init(
                        protocolVersion: name.replacing("TLS ", with: "TLSv"), cipher: nil, subject: nil, issuer: nil,
                        verified: false, summary: "\(name), on the server's side (the client verifies)")))
            let actions = session.tlsEstablished()
            self.session = session
            perform(actions, context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A client that closes TCP without TLS close_notify after QUIT is common and harmless.
        if let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError {
            context.close(promise: nil)
            return
        }
        shared.log(number, .session(.note("connection error: \(error)")))
        closing = true
        context.close(promise: nil)
    }

    /// `TLS 1.3` for `.tlsv13`, and so on.
    private static func name(of version: TLSVersion?) -> String {
        switch version {
        case .tlsv1?: "TLS 1.0"
        case .tlsv11?: "TLS 1.1"
        case .tlsv12?: "TLS 1.2"
        case .tlsv13?: "TLS 1.3"
        case nil: "unknown TLS version"
        }
    }

    /// Gives bytes to the session and carries out what it answers.
    private func feed(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        // Taken out while it works, so that its buffers are not copied on write.
        guard var session = session.take() else { return }
        if let recorder {
            let inSASL = if case .sasl = session.phase { true } else { false }
            recorder.clientBytes(buffer.readableBytesView, inSASL: inSASL)
        }
        let actions = session.receive(buffer.readableBytesView)
        self.session = session
        perform(actions, context: context)
    }

    /// Queues actions and carries out as many as can go now.
    private func perform(_ actions: [SessionAction], context: ChannelHandlerContext) {
        pending.append(contentsOf: actions)
        drain(context: context)
    }

    /// Carries out queued actions in order, stopping at a tarpit delay.
    private func drain(context: ChannelHandlerContext) {
        let delay = shared.configuration.replyDelay
        while !pending.isEmpty && !waiting && !closing {
            let action = pending.removeFirst()
            switch action {
            case .event(let event):
                shared.log(number, .session(event))
                recorder?.sessionEvent(event, store: shared.store)
            case .reply(let reply) where delay > .zero:
                waiting = true
                context.flush()
                let loop = context.eventLoop.assumeIsolated()
                loop.scheduleTask(in: TimeAmount(delay)) { [self] in
                    waiting = false
                    write(reply, context: context)
                    context.flush()
                    drain(context: context)
                }
            case .reply(let reply):
                write(reply, context: context)
            case .startTLS:
                context.flush()
                startTLS(context: context)
            case .close:
                closing = true
                pending.removeAll()
                idleTimer?.cancel()
                // Close once everything written so far has left, so the last reply is not lost.
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        }
        // What this turn exchanged reaches the taps (the web view, the classroom) as one group.
        recorder?.flush()
        guard !waiting && !closing else { return }
        context.flush()
        if readRequested {
            readRequested = false
            context.read()
        }
        if !heldInput.isEmpty {
            let held = heldInput
            heldInput = []
            for buffer in held where !closing {
                feed(buffer, context: context)
            }
        }
    }

    /// Writes one reply and logs it.
    private func write(_ reply: ServerReply, context: ChannelHandlerContext) {
        shared.log(number, .reply(reply))
        recorder?.reply(lines: reply.wireLines)
        var buffer = context.channel.allocator.buffer(capacity: 0)
        reply.write(to: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Puts TLS in front of this handler; the session learns when the handshake is done.
    private func startTLS(context: ChannelHandlerContext) {
        guard let sslContext = shared.sslContext else { return }
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext), position: .first)
        } catch {
            shared.log(number, .session(.note("could not start TLS: \(error)")))
            closing = true
            context.close(promise: nil)
        }
    }

    /// The transcriber for a new conversation, with a tap for each place that wants it; nil when none does.
    private func makeTranscriber(number: Int, client: String, context: ChannelHandlerContext) -> ConversationTranscriber? {
        let configuration = shared.configuration
        guard configuration.recordDirectory != nil || !configuration.observers.isEmpty else { return nil }
        let opening = ConversationOpening(
            number: number, client: client, server: context.channel.localAddress.map(LoopbackAddress.display) ?? "localhost",
            started: Date().timeIntervalSince1970)
        var taps: [any ConversationTap] = configuration.observers.map { $0.opened(opening) }
        if let directory = configuration.recordDirectory,
            let file = TranscriptFileTap(
                directory: directory, opening: opening, report: { [shared] in shared.log(number, .session(.note($0))) })
        {
            taps.append(file)
        }
        return ConversationTranscriber(taps: taps, opening: opening)
    }

    /// Starts the idle timer: when the client has been silent for the idle timeout, the
    /// session answers 421. A read only notes its time (`lastRead`); a timer that fires
    /// early waits again for the rest. (Rescheduling the timer at every read was 3% of a
    /// busy server's time.)
    private func startIdleTimer(context: ChannelHandlerContext, in delay: TimeAmount) {
        let loop = context.eventLoop.assumeIsolated()
        idleTimer = loop.scheduleTask(in: delay) { [self] in
            guard var session, !closing else { return }
            let timeout = TimeAmount(shared.configuration.idleTimeout)
            let silent = NIODeadline.now() - lastRead
            guard silent >= timeout else {
                startIdleTimer(context: context, in: timeout - silent)
                return
            }
            let actions = session.idleTimedOut()
            self.session = session
            perform(actions, context: context)
        }
    }
}
