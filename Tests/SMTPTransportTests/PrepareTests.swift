import NIOSSL
import Testing

@testable import SMTPTransport

/// What `SMTPConnection.prepare` asks of the runtime ahead of a connection is what NIO asks
/// when the handlers join a pipeline: whether each is an inbound and an outbound handler.
@Suite struct PrepareTests {
    @Test func theRolesAreTheHandlersOwn() {
        #expect(SMTPConnection.roles(of: ReplyHandler.self) == (true, true))
        #expect(SMTPConnection.roles(of: PromptAcknowledgement.self) == (true, false))
        #expect(SMTPConnection.roles(of: ServerHelloSniffer.self) == (true, false))
        #expect(SMTPConnection.roles(of: NIOSSLClientHandler.self) == (true, true))
    }
}
