import Glibc
import NIOCore
import NIOSSL
import Testing

@testable import SMTPTransport

/// What the user is told when the connection ends during the handshake.
@Suite struct TLSHandshakeErrorTests {
    private func handshake() throws -> TLSHandshake {
        TLSHandshake(try PreparedTLS.make(settings: TLSSettings(insecure: true), endpoint: .tcp(host: "mx.example", port: 25)))
    }

    @Test func aResetIsTheServerClosingTheConnectionWithTheSystemsWords() throws {
        // A server that closes with our client hello unread resets the connection instead.
        let error = try handshake().mapError(IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)"))
        #expect(error.kind == .closedDuringHandshake)
        #expect(error.message == "the server closed the connection during the TLS handshake (connection reset by peer)")
        #expect(error.suggestion?.contains("may not support TLS on this port") == true)
    }

    @Test func anEndOfStreamIsTheServerClosingTheConnection() throws {
        let error = try handshake().mapError(NIOSSLError.uncleanShutdown)
        #expect(error.kind == .closedDuringHandshake)
        #expect(error.message == "the server closed the connection during the TLS handshake")
    }

    @Test func otherSystemErrorsKeepTheirOwnWords() throws {
        let error = try handshake().mapError(IOError(errnoCode: ETIMEDOUT, reason: "read(descriptor:pointer:size:)"))
        #expect(error.kind == .closedDuringHandshake)
        #expect(error.message.hasPrefix("the connection failed during the TLS handshake: "))
    }
}
