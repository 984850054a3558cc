import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SMTPCore
import Testing

@testable import SMTPTransport

#if canImport(Glibc)
    import Glibc
#endif

/// Opening connections: replies as events, every address tried, one clear error per failure.
@Suite("Connecting and replies")
struct ConnectTests {
    private func connect(
        _ server: ScriptedServer, host: String = "127.0.0.1", family: AddressFamily = .any,
        recorder: EventRecorder
    ) async throws -> SMTPConnection {
        try await SMTPConnection.connect(
            to: .tcp(host: host, port: server.port), options: ConnectOptions(addressFamily: family),
            onEvent: recorder.onEvent)
    }

    @Test("the banner arrives as a Reply event, and the remote address is the one connected to")
    func bannerIsDelivered() async throws {
        let server = try await ScriptedServer(script: .init(greeting: [.send("220 mx.test ESMTP ready\r\n")]))
        let recorder = EventRecorder()
        let connection = try await connect(server, recorder: recorder)
        let banner = try await recorder.reply(number: 1)
        #expect(banner.code == 220)
        #expect(banner.textLines == ["mx.test ESMTP ready"])
        #expect(connection.remoteAddress == "127.0.0.1:\(server.port)")
        await connection.close()
        await server.stop()
    }

    @Test("a multi-line reply split over several TCP writes is assembled into one reply")
    func multiLineReplyAcrossWrites() async throws {
        let server = try await ScriptedServer(
            script: .init(greeting: [.send("220 hi\r\n")]) { line in
                guard line == "EHLO client.test" else { return [.send("500 what\r\n")] }
                return [
                    .send("250-mx.te"), .pause(milliseconds: 30), .send("st\r\n250-PIPE"),
                    .pause(milliseconds: 30), .send("LINING\r"), .pause(milliseconds: 30), .send("\n250 SIZE 1000\r\n"),
                ]
            })
        let recorder = EventRecorder()
        let connection = try await connect(server, recorder: recorder)
        _ = try await recorder.reply(number: 1)
        try await connection.send(Array("EHLO client.test\r\n".utf8)).get()
        let ehlo = try await recorder.reply(number: 2)
        #expect(ehlo.code == 250)
        #expect(ehlo.textLines == ["mx.test", "PIPELINING", "SIZE 1000"])
        #expect(server.received == ["EHLO client.test"])
        #expect(recorder.events.allSatisfy { $0.parseError == nil })
        await connection.close()
        await server.stop()
    }

    @Test("send writes the bytes exactly as given, nothing appended")
    func sendIsExact() async throws {
        let server = try await ScriptedServer(script: .init(greeting: [.send("220 hi\r\n")]))
        let recorder = EventRecorder()
        let connection = try await connect(server, recorder: recorder)
        try await connection.send(Array("NOOP\r\nMAIL FROM:".utf8)).get()
        try await connection.send(Array("<a@b>\r\n".utf8)).get()
        _ = try await recorder.reply(number: 3)
        #expect(server.received == ["NOOP", "MAIL FROM:<a@b>"])
        await connection.close()
        await server.stop()
    }

    @Test("the server's last reply is delivered before .closed(.byServer)")
    func closeByServerAfterFinalReply() async throws {
        let server = try await ScriptedServer(
            script: .init(greeting: [.send("220 hi\r\n")]) { line in
                line == "QUIT" ? [.send("221 2.0.0 Bye\r\n"), .close] : [.send("250 OK\r\n")]
            })
        let recorder = EventRecorder()
        let connection = try await connect(server, recorder: recorder)
        try await connection.send(Array("QUIT\r\n".utf8)).get()
        #expect(try await recorder.closed() == .byServer)
        let summaries = recorder.events.map(\.summary)
        #expect(summaries == ["reply 220 [\"hi\"]", "reply 221 [\"2.0.0 Bye\"]", "closed \(ClosedReason.byServer)"])
        #expect(!connection.isConnected)
        await server.stop()
    }

    @Test("an unfinished reply at close is reported, not dropped")
    func unfinishedReplyAtClose() async throws {
        let server = try await ScriptedServer(
            script: .init(greeting: [.send("220 hi\r\n"), .send("250-first line\r\n250 no line end"), .close]))
        let recorder = EventRecorder()
        _ = try await connect(server, recorder: recorder)
        #expect(try await recorder.closed() == .byServer)
        let error = try #require(recorder.events.compactMap(\.parseError).first)
        #expect(error.kind == .unfinishedAtClose)
        #expect(error.abandonedLines.map(\.textString) == ["first line"])
        #expect(error.line == Array("250 no line end".utf8))
        await server.stop()
    }

    @Test("close() ends with .closed(.byClient), and sending afterwards fails with notConnected")
    func closeByClient() async throws {
        let server = try await ScriptedServer(script: .init(greeting: [.send("220 hi\r\n")]))
        let recorder = EventRecorder()
        let connection = try await connect(server, recorder: recorder)
        _ = try await recorder.reply(number: 1)
        await connection.close()
        #expect(try await recorder.closed() == .byClient)
        let error = await #expect(throws: ConnectionError.self) { try await connection.send(Array("NOOP\r\n".utf8)).get() }
        #expect(error?.kind == .notConnected)
        await server.stop()
    }

    @Test("a closed port is reported as refused, naming host, port and address")
    func refused() async throws {
        let port = try await Self.closedPort()
        let error = await #expect(throws: ConnectError.self) {
            try await SMTPConnection.connect(to: .tcp(host: "127.0.0.1", port: port), onEvent: { _ in })
        }
        #expect(error?.kind == .refused)
        #expect(error?.message == "cannot connect to 127.0.0.1 port \(port): connection refused")
    }

    @Test("an unresolvable name is reported as an unknown host")
    func unknownHost() async throws {
        let error = await #expect(throws: ConnectError.self) {
            try await SMTPConnection.connect(to: .tcp(host: "no-such-host.invalid", port: 25), onEvent: { _ in })
        }
        #expect(error?.kind == .unknownHost)
        #expect(error?.message.hasPrefix("unknown host no-such-host.invalid (port 25): ") == true)
        #expect(error?.attempts.isEmpty == true)
    }

    @Test("-6 on an IPv4 literal is refused before any connection, and says why")
    func familyFilterOnLiteral() async throws {
        let error = await #expect(throws: ConnectError.self) {
            try await SMTPConnection.connect(
                to: .tcp(host: "127.0.0.1", port: 25), options: ConnectOptions(addressFamily: .v6), onEvent: { _ in })
        }
        #expect(error?.kind == .noAddressInFamily)
        #expect(error?.message == "127.0.0.1 has no IPv6 address (it resolves to 127.0.0.1); port 25 not tried")
    }

    @Test("-4 with localhost connects over IPv4; -6 never does")
    func familyFilterOnLocalhost() async throws {
        let server = try await ScriptedServer(script: .init(greeting: [.send("220 hi\r\n")]))
        let recorder = EventRecorder()
        let v4 = try await connect(server, host: "localhost", family: .v4, recorder: recorder)
        #expect(v4.remoteAddress == "127.0.0.1:\(server.port)")
        await v4.close()
        // localhost may or may not have ::1 here; either way -6 must not fall back to IPv4.
        do {
            let v6 = try await connect(server, host: "localhost", family: .v6, recorder: EventRecorder())
            #expect(v6.remoteAddress.hasPrefix("[::1]"))
            await v6.close()
        } catch let error as ConnectError {
            #expect([.noAddressInFamily, .refused].contains(error.kind))
            #expect(!error.attempts.contains { $0.address.contains(".") })
        }
        await server.stop()
    }

    @Test("every address is tried in turn: a refusal on the first does not stop the second")
    func everyAddressIsTried() async throws {
        let server = try await ScriptedServer(script: .init(greeting: [.send("220 second address\r\n")]))
        let deadPort = try await Self.closedPort()
        let recorder = EventRecorder()
        let addresses = [
            try SocketAddress(ipAddress: "127.0.0.1", port: deadPort),
            try SocketAddress(ipAddress: "127.0.0.1", port: server.port),
        ]
        let connection = try await SMTPConnection.connect(
            to: .tcp(host: "multi.test", port: server.port), destinations: addresses.map { .address($0) }, options: ConnectOptions(),
            tls: nil, group: MultiThreadedEventLoopGroup.singleton, onEvent: recorder.onEvent)
        #expect(try await recorder.reply(number: 1).textLines == ["second address"])
        #expect(connection.remoteAddress == "127.0.0.1:\(server.port)")
        await connection.close()
        await server.stop()
    }

    @Test("when every address fails, the error lists each with its reason")
    func allAddressesFail() async throws {
        let port = try await Self.closedPort()
        let addresses = [try SocketAddress(ipAddress: "127.0.0.1", port: port), try SocketAddress(ipAddress: "127.0.0.2", port: port)]
        let error = await #expect(throws: ConnectError.self) {
            try await SMTPConnection.connect(
                to: .tcp(host: "multi.test", port: port), destinations: addresses.map { .address($0) }, options: ConnectOptions(),
                tls: nil, group: MultiThreadedEventLoopGroup.singleton, onEvent: { _ in })
        }
        #expect(error?.attempts.map(\.address) == ["127.0.0.1", "127.0.0.2"])
        #expect(error?.message.hasPrefix("cannot connect to multi.test port \(port): ") == true)
    }

    @Test("a connection timeout, refusal and unreachable route each map to their own kind")
    func errorClassification() {
        let timeout = SystemErrorText.classify(ChannelError.connectTimeout(.seconds(3)), timeout: .seconds(3))
        #expect(timeout.0 == .timedOut)
        #expect(timeout.1 == "no answer within 3.0 seconds")
        #expect(SystemErrorText.classify(IOError(errnoCode: ECONNREFUSED, reason: "connect"), timeout: .seconds(1)).0 == .refused)
        #expect(
            SystemErrorText.classify(IOError(errnoCode: ENETUNREACH, reason: "connect"), timeout: .seconds(1)) == (
                .unreachable, "network unreachable"
            ))
        #expect(
            SystemErrorText.classify(IOError(errnoCode: EHOSTUNREACH, reason: "connect"), timeout: .seconds(1)) == (
                .unreachable, "no route to host"
            ))
    }

    @Test("the most telling failure decides the kind: refused beats timed out beats unreachable")
    func kindRanking() {
        let endpoint = Endpoint.tcp(host: "mx.test", port: 25)
        let error = ConnectError.allAttemptsFailed(
            endpoint: endpoint,
            attempts: [
                .init(address: "::1", kind: .unreachable, reason: "network unreachable"),
                .init(address: "192.0.2.1", kind: .timedOut, reason: "no answer within 5.0 seconds"),
            ])
        #expect(error.kind == .timedOut)
        #expect(
            error.message
                == "cannot connect to mx.test port 25: timed out (::1: network unreachable; 192.0.2.1: no answer within 5.0 seconds)")
    }

    @Test("a unix-domain socket: a missing path is socketNotFound, a listening one delivers the banner")
    func unixSocket() async throws {
        let missing = "/tmp/smtpc-transport-no-such-\(getpid()).sock"
        let error = await #expect(throws: ConnectError.self) {
            try await SMTPConnection.connect(to: .unix(path: missing), onEvent: { _ in })
        }
        #expect(error?.kind == .socketNotFound)
        #expect(error?.message == "cannot connect to unix socket \(missing): no such file or directory")

        let path = "/tmp/smtpc-transport-\(getpid()).sock"
        let server = try await ScriptedServer(unixPath: path, script: .init(greeting: [.send("220 lmtp ready\r\n")]))
        let recorder = EventRecorder()
        let connection = try await SMTPConnection.connect(to: .unix(path: path), onEvent: recorder.onEvent)
        #expect(try await recorder.reply(number: 1).textLines == ["lmtp ready"])
        #expect(connection.remoteAddress == path)
        await connection.close()
        await server.stop()
    }

    /// A loopback port nothing listens on: bound by a socket that never listens and is
    /// kept open for the whole test run, so no server started by a parallel test can take
    /// it (a port bound and released could be handed out again at once).
    static func closedPort() async throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw IOError(errnoCode: errno, reason: "bind") }
        reservedPorts.withLockedValue { $0.append(fd) }  // held until the process ends
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static let reservedPorts = NIOLockedValueBox<[Int32]>([])
}
