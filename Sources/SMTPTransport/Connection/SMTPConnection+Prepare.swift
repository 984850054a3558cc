import NIOCore
import NIOSSL

extension SMTPConnection {
    /// Does ahead of time, on whatever thread calls it, the one-time work of a session's
    /// first connection that does not depend on the server.
    ///
    /// NIO asks of every handler added to a pipeline whether it is an inbound and an
    /// outbound handler. The Swift runtime answers the first such question about a type by
    /// scanning every protocol conformance record of the binary (about 6,400, a quarter of
    /// a million instructions each time) and remembers the answer. Asked here, on a core
    /// the start-up leaves idle, the connection's own questions are answered from memory;
    /// so are the table of cipher suite names and the first certificate fingerprint a TLS
    /// session shows.
    /// - Parameter tls: whether the session will use TLS (implicit or STARTTLS).
    public static func prepare(tls: Bool) {
        var handlers: [any ChannelHandler.Type] = [ReplyHandler.self]
        if tls {
            handlers += [PromptAcknowledgement.self, ServerHelloSniffer.self, NIOSSLClientHandler.self]
            _ = CipherSuiteNames.names.count
            _ = CertificateSummary.fingerprint([])
        }
        for handler in handlers {
            _ = roles(of: handler)
        }
    }

    /// Whether `handler` is an inbound and an outbound handler, asked of the runtime as NIO
    /// asks it. Not optimised: the answers are not used here, and an optimised build would
    /// drop the questions.
    @_optimize(none)
    static func roles(of handler: any ChannelHandler.Type) -> (inbound: Bool, outbound: Bool) {
        (handler is any _ChannelInboundHandler.Type, handler is any _ChannelOutboundHandler.Type)
    }
}
