import Glibc
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SMTPConnection {
    /// Does ahead of time, on whatever thread calls it, the one-time work of a session's
    /// first connection that does not depend on the server.
    ///
    /// NIO asks of every handler added to a pipeline whether it is an inbound and an
    /// outbound handler. The Swift runtime answers the first such question about a type by
    /// scanning every protocol conformance record of the binary (about 6,400, a quarter of
    /// a million instructions each time) and remembers the answer. Asked here, on a core
    /// the start-up leaves idle, the connection's own questions are answered from memory;
    /// so are the table of cipher suite names, the first certificate date a TLS session
    /// shows, and the types the handshake's outcome and its first bytes use.
    /// - Parameter tls: whether the session will use TLS (implicit or STARTTLS).
    public static func prepare(tls: Bool) {
        var handlers: [any ChannelHandler.Type] = [ReplyHandler.self]
        if tls {
            handlers += [ServerHelloSniffer.self, NIOSSLClientHandler.self]
        }
        for handler in handlers {
            _ = roles(of: handler)
        }
        guard tls else { return }
        for type in handshakeTypes {
            _ = lookedUpByName(type)
        }
        ServerHelloSniffer().observe([22, 3, 3, 0, 1, 2] as [UInt8])
        _ = CipherSuiteNames.names.count
        // glibc reads the time zone at the first date conversion, even for UTC.
        _ = CertificateSummary.format(Date())
    }

    /// Opens a channel over one end of a socket pair, with the handler a connection has, and
    /// sends it a greeting and the end of the stream from the other end, on `group`'s loop.
    ///
    /// A first channel costs NIO one-time work of its own, which `prepare(tls:)` cannot
    /// name: the runtime's first questions about its socket channel class, its write
    /// manager, and its pipeline's head and tail. Rehearsed while the console starts, the
    /// connection to the server finds them answered (docs/benchmarks.md, ninth round).
    /// - Returns: a future that succeeds when the greeting was read as a reply (the channel
    ///   then closes).
    @discardableResult
    public static func rehearse(on group: any EventLoopGroup) -> EventLoopFuture<Void> {
        // The channel is made on this thread, in `withConnectedSocket`: once this returns, a
        // connection need not wait for the rehearsal any more (``rehearsalBegins()``).
        defer { rehearsalEnded() }
        let loop = group.next()
        let heard = loop.makePromise(of: Void.self)
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            heard.fail(IOError(errnoCode: errno, reason: "socketpair"))
            return heard.futureResult
        }
        let greeting: [UInt8] = Array("220 rehearsal\r\n".utf8)
        _ = greeting.withUnsafeBytes { Glibc.write(ends[1], $0.baseAddress, $0.count) }
        Glibc.close(ends[1])
        let socket = ends[0]
        let deliver: @Sendable (ConnectionEvent) -> Void = { event in
            switch event {
            case .reply(let reply, _) where reply.code == 220: heard.succeed()
            case .closed: heard.fail(ConnectionError.notConnected)  // ignored once the reply came
            default: break
            }
        }
        ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ReplyHandler(limits: .init(), deliver: deliver))
                }
            }
            .withConnectedSocket(socket)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    heard.futureResult.whenComplete { _ in channel.close(promise: nil) }
                case .failure(let error):
                    Glibc.close(socket)
                    heard.fail(error)
                }
            }
        return heard.futureResult
    }

    /// 1 while a rehearsal is making its channel, else 0.
    private static let rehearsal = ConditionLock(value: 0)

    /// Says that ``rehearse(on:)`` is about to run on another thread. Until its channel is
    /// made, a connection waits for it (``awaitRehearsal()``) instead of making its own
    /// channel at the same time: the runtime would then answer the same first questions on
    /// both threads, twice the scans of the conformance records for NIO's pipeline head and
    /// tail and its socket channel (docs/benchmarks.md, "The runtime's first questions, fewer").
    public static func rehearsalBegins() {
        rehearsal.lock()
        rehearsal.unlock(withValue: 1)
    }

    private static func rehearsalEnded() {
        rehearsal.lock()
        rehearsal.unlock(withValue: 0)
    }

    /// Waits until no rehearsal is making its channel, at most 50 ms.
    static func awaitRehearsal() {
        if rehearsal.lock(whenValue: 0, timeoutSeconds: 0.05) { rehearsal.unlock() }
    }

    /// Whether `handler` is an inbound and an outbound handler, asked of the runtime as NIO
    /// asks it. Not optimised: the answers are not used here, and an optimised build would
    /// drop the questions.
    @_optimize(none)
    static func roles(of handler: any ChannelHandler.Type) -> (inbound: Bool, outbound: Bool) {
        (handler is any _ChannelInboundHandler.Type, handler is any _ChannelOutboundHandler.Type)
    }

    /// Types the event loop first uses as the handshake ends: each names an error type, and
    /// the runtime checks it against `Error` the first time it makes the type from its name.
    static let handshakeTypes: [Any.Type] = [Result<StartTLSOutcome, any Error>.self]

    /// `type` made again from its mangled name, as compiled code makes it: the runtime then
    /// checks its generic requirements, and remembers the answers (for tests: the type).
    static func lookedUpByName(_ type: Any.Type) -> Any.Type? {
        _mangledTypeName(type).flatMap { _typeByName($0) }
    }
}
