import NIOCore
import NIOPosix
import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

/// `SMTPConnection.connectResolvingWithoutTask`: a host name resolved on a thread of its
/// own, then the same connection, and the same errors, as the async `connect`.
@Suite("Connecting by name without a task")
struct ConnectByNameWithoutTaskTests {
    private static let group = MultiThreadedEventLoopGroup.singleton

    private func opening(_ endpoint: Endpoint, _ options: ConnectOptions = ConnectOptions()) -> EventLoopFuture<SMTPConnection>? {
        SMTPConnection.connectResolvingWithoutTask(to: endpoint, options: options, group: Self.group, onEvent: { _ in })
    }

    @Test("a proxy, --local-address and a socket path are left to the async call")
    func whichTargetsAreTaken() throws {
        let proxy = Proxy(kind: .socks5, host: "127.0.0.1", port: 1080)
        let local = try SocketAddress(ipAddress: "127.0.0.1", port: 0)
        #expect(opening(.tcp(host: "localhost", port: 1), ConnectOptions(proxy: proxy)) == nil)
        #expect(opening(.tcp(host: "localhost", port: 1), ConnectOptions(localAddress: local)) == nil)
        #expect(opening(.unix(path: "/nonexistent/lmtp.sock")) == nil)
    }

    @Test("an unknown name, a missing family and a closed port fail with the async call's errors")
    func errorsAsTheAsyncCallSaysThem() async throws {
        let port = try await ConnectTests.closedPort()
        let cases: [(Endpoint, ConnectOptions)] = [
            (.tcp(host: "no-such-host.invalid", port: 25), ConnectOptions()),
            (.tcp(host: "localhost", port: port), ConnectOptions(addressFamily: .v4)),
            (.tcp(host: "127.0.0.1", port: port), ConnectOptions(addressFamily: .v6)),
        ]
        for (endpoint, options) in cases {
            let future = try #require(opening(endpoint, options))
            let withoutTask = await #expect(throws: ConnectError.self) { try await future.get() }
            let withTask = await #expect(throws: ConnectError.self) {
                try await SMTPConnection.connect(to: endpoint, options: options, onEvent: { _ in })
            }
            #expect(withoutTask?.kind == withTask?.kind, "\(endpoint)")
            #expect(withoutTask?.message == withTask?.message, "\(endpoint)")
        }
    }

    @Test("Postfix's banner arrives by name, plain and with implicit TLS verified for that name")
    func postfixByName() async throws {
        let env = try TestEnvironment.load()
        let plain = EventRecorder()
        let connection = try await #require(
            SMTPConnection.connectResolvingWithoutTask(
                to: .tcp(host: "localhost", port: env.smtpPort), options: ConnectOptions(), group: Self.group,
                onEvent: plain.onEvent)
        ).get()
        #expect(try await plain.reply(number: 1).code == 220)
        connection.closeNow()

        let secure = EventRecorder()
        let tls = ConnectOptions(tls: .implicit(TLSSettings(caFile: env.caFile)))
        let tlsConnection = try await #require(
            SMTPConnection.connectResolvingWithoutTask(
                to: .tcp(host: "localhost", port: env.smtpsPort), options: tls, group: Self.group, onEvent: secure.onEvent)
        ).get()
        #expect(secure.events.contains { if case .tlsEstablished = $0 { return true } else { return false } })
        #expect(try await secure.reply(number: 1).code == 220)
        tlsConnection.closeNow()
    }
}
