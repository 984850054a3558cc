import Glibc
import NIOPosix
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

    @Test func theHandshakeTypesAreMadeAgainFromTheirNames() {
        for type in SMTPConnection.handshakeTypes {
            #expect(SMTPConnection.lookedUpByName(type) == type, "\(type)")
        }
    }
}

/// The rehearsal of a first channel (`SMTPConnection.rehearse(on:)`) and the threads the
/// start-up work runs on.
@Suite struct RehearsalTests {
    @Test func theRehearsalReadsItsGreetingThroughTheRealHandler() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await SMTPConnection.rehearse(on: group).get()
        try await group.shutdownGracefully()
    }

    @Test func backgroundWorkRunsOnAThreadOfItsOwn() async {
        let caller = pthread_self()
        let ran: pthread_t = await withCheckedContinuation { continuation in
            BackgroundThread.start { continuation.resume(returning: pthread_self()) }
        }
        #expect(pthread_equal(caller, ran) == 0)
    }
}
