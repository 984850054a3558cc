import NIOCore
import NIOPosix
import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

/// `SMTPConnection.connectWithoutTask`: the same connection, and the same errors, as the
/// async `connect`, for the cases it takes; nil for the others.
@Suite("Connecting without a task")
struct ConnectWithoutTaskTests {
    private static let group = MultiThreadedEventLoopGroup.singleton

    @Test("only a numeric address without a proxy is taken")
    func whichTargetsAreTaken() throws {
        let take = { (endpoint: Endpoint, options: ConnectOptions) in
            SMTPConnection.connectWithoutTask(to: endpoint, options: options, group: Self.group, onEvent: { _ in }) != nil
        }
        let proxy = Proxy(kind: .socks5, host: "127.0.0.1", port: 1080)
        #expect(!take(.tcp(host: "localhost", port: 25), ConnectOptions()), "a name is resolved by the async call")
        #expect(!take(.unix(path: "/nonexistent/lmtp.sock"), ConnectOptions()))
        #expect(!take(.tcp(host: "127.0.0.1", port: 1), ConnectOptions(proxy: proxy)))
        #expect(!take(.tcp(host: "127.0.0.1", port: 1), ConnectOptions(addressFamily: .v6)), "the family error is the async call's")
    }

    @Test("a closed port fails with the async call's error")
    func refusedAsTheAsyncCallSaysIt() async throws {
        let port = try await ConnectTests.closedPort()
        let endpoint = Endpoint.tcp(host: "127.0.0.1", port: port)
        let opening = SMTPConnection.connectWithoutTask(
            to: endpoint, options: ConnectOptions(), group: Self.group, onEvent: { _ in })
        let future = try #require(opening)
        let withoutTask = await #expect(throws: ConnectError.self) { try await future.get() }
        let withTask = await #expect(throws: ConnectError.self) {
            try await SMTPConnection.connect(to: endpoint, onEvent: { _ in })
        }
        #expect(withoutTask?.kind == .refused)
        #expect(withoutTask?.message == withTask?.message)
        #expect(withoutTask?.message == "cannot connect to 127.0.0.1 port \(port): connection refused")
    }

    @Test("Postfix's banner arrives, and implicit TLS is verified before the connection is handed over")
    func postfixPlainAndImplicitTLS() async throws {
        let env = try TestEnvironment.load()
        let plain = EventRecorder()
        let plainOpening = SMTPConnection.connectWithoutTask(
            to: .tcp(host: env.host, port: env.smtpPort), options: ConnectOptions(), group: Self.group,
            onEvent: plain.onEvent)
        let connection = try await #require(plainOpening).get()
        #expect(try await plain.reply(number: 1).code == 220)
        connection.closeNow()

        let secure = EventRecorder()
        let tls = ConnectOptions(tls: .implicit(TLSSettings(serverName: env.hostname, caFile: env.caFile)))
        let tlsOpening = SMTPConnection.connectWithoutTask(
            to: .tcp(host: env.host, port: env.smtpsPort), options: tls, group: Self.group, onEvent: secure.onEvent)
        let tlsConnection = try await #require(tlsOpening).get()
        #expect(secure.events.contains { if case .tlsEstablished = $0 { return true } else { return false } })
        #expect(try await secure.reply(number: 1).code == 220)
        tlsConnection.closeNow()
    }

    @Test("an implicit TLS handshake that fails is a TLS error, as with the async call")
    func implicitTLSFailureIsATLSError() async throws {
        let env = try TestEnvironment.load()
        let untrusted = ConnectOptions(tls: .implicit(TLSSettings(serverName: env.hostname)))
        let opening = SMTPConnection.connectWithoutTask(
            to: .tcp(host: env.host, port: env.smtpsPort), options: untrusted, group: Self.group, onEvent: { _ in })
        let future = try #require(opening)
        let error = await #expect(throws: TLSError.self) { try await future.get() }
        #expect(error?.kind == .untrustedCertificate)
    }
}
