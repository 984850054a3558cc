import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import SMTPTransport

/// A tiny zone for the fake DNS server: MX and A records by name; any other name is NXDOMAIN.
struct MXTestZone: Sendable {
    var mx: [String: [(preference: Int, exchange: String)]] = [:]
    var a: [String: [[UInt8]]] = [:]

    /// The answer to `query` from this zone.
    func answer(_ query: [UInt8]) -> [UInt8] {
        typealias P = MXTestPackets
        let name = P.askedName(query)
        guard mx[name] != nil || a[name] != nil else { return P.response(to: query, rcode: 3) }
        let answers: [[UInt8]]
        switch P.askedType(query) {
        case 15:
            answers = (mx[name] ?? []).map { P.record(owner: P.pointer(12), type: 15, data: P.mxData($0.preference, P.name($0.exchange))) }
        case 1:
            answers = (a[name] ?? []).map { P.record(owner: P.pointer(12), type: 1, data: $0) }
        default:
            answers = []
        }
        return P.response(to: query, answers: answers)
    }
}

/// The DNS client and MX resolver against a scripted server: retries, forgeries, TCP fallback, failures.
@Suite("MX lookups against a scripted DNS server")
struct MXClientTests {
    typealias P = MXTestPackets

    private let zone = MXTestZone(
        mx: [
            "d.test": [(20, "b.d.test"), (10, "a.d.test")], "null.test": [(0, ".")], "lame.test": [(5, "gone.d.test"), (10, "a.d.test")],
            "bare.test": [],
        ],
        a: [
            "a.d.test": [[127, 0, 0, 1]], "b.d.test": [[127, 0, 0, 1], [127, 0, 0, 3]], "bare.test": [[127, 0, 0, 9]], "empty.test": [],
        ])

    private func resolver(_ server: MXFakeDNSServer, timeout: Duration = .milliseconds(300)) throws -> MXResolver {
        try MXResolver(dnsServer: server.server, timeout: timeout)
    }

    /// A fake server that answers every query from ``zone`` at once.
    private func zoneServer() async throws -> MXFakeDNSServer {
        let zone = self.zone
        return try await MXFakeDNSServer(script: .init(udp: { query, _ in [zone.answer(query)] }))
    }

    private func mxQueries(_ server: MXFakeDNSServer, transport: String = "udp") -> [[UInt8]] {
        server.queries.filter { $0.transport == transport && P.askedType($0.query) == 15 }.map(\.query)
    }

    @Test("hosts come out by preference with their addresses, A then AAAA; the lines show them")
    func sortedHosts() async throws {
        let server = try await zoneServer()
        let result = try await resolver(server).lookup(domain: "d.test")
        #expect(result.source == .mxRecords)
        #expect(
            result.hosts == [
                MXHost(preference: 10, name: "a.d.test", addresses: ["127.0.0.1"]),
                MXHost(preference: 20, name: "b.d.test", addresses: ["127.0.0.1", "127.0.0.3"]),
            ])
        #expect(
            result.lines == [
                "2 MX records for d.test:", "  MX 10 a.d.test (127.0.0.1)", "  MX 20 b.d.test (127.0.0.1, 127.0.0.3)",
            ])
        await server.stop()
    }

    @Test("a query that gets no answer is sent once more, and the second answer is used")
    func retryAfterSilence() async throws {
        let zone = self.zone
        let server = try await MXFakeDNSServer(script: .init(udp: { query, number in number == 1 ? [] : [zone.answer(query)] }))
        let result = try await resolver(server).lookup(domain: "d.test")
        #expect(result.hosts.map(\.name) == ["a.d.test", "b.d.test"])
        #expect(mxQueries(server).count == 2)
        await server.stop()
    }

    @Test("a server that never answers gives a timeout error after exactly two tries")
    func timeout() async throws {
        let server = try await MXFakeDNSServer(script: .init(udp: { _, _ in [] }))
        let error = await #expect(throws: MXError.self) { try await resolver(server).lookup(domain: "d.test") }
        #expect(error?.kind == .timedOut)
        #expect(error?.message == "no answer from DNS server \(server.server) for d.test MX (2 tries, 0.3 seconds each)")
        #expect(mxQueries(server).count == 2)
        await server.stop()
    }

    @Test("answers with another transaction ID or another question are ignored; the real one is taken")
    func forgedAnswersIgnored() async throws {
        let zone = self.zone
        let forgedMX = [P.record(owner: P.pointer(12), type: 15, data: P.mxData(1, P.name("evil.example")))]
        let server = try await MXFakeDNSServer(
            script: .init(udp: { query, _ in
                [
                    P.response(to: query, answers: forgedMX, idDelta: 0x0101),
                    P.response(to: query, answers: forgedMX, question: P.question(P.name("other.test"), type: 15)),
                    P.response(to: query, answers: forgedMX, question: Array(query[12..<(query.count - 2)]) + P.u16(3)),
                    zone.answer(query),
                ]
            }))
        let result = try await resolver(server).lookup(domain: "d.test")
        #expect(result.hosts.map(\.name) == ["a.d.test", "b.d.test"])
        await server.stop()
    }

    @Test("a truncated UDP answer is asked again over TCP, with the same question")
    func tcpFallback() async throws {
        let zone = self.zone
        let server = try await MXFakeDNSServer(
            script: .init(
                udp: { query, _ in [P.askedType(query) == 15 ? P.response(to: query, truncated: true) : zone.answer(query)] },
                tcp: { query in zone.answer(query) }))
        let result = try await resolver(server).lookup(domain: "d.test")
        #expect(result.hosts.map(\.name) == ["a.d.test", "b.d.test"])
        let overTCP = mxQueries(server, transport: "tcp")
        #expect(overTCP.count == 1)
        #expect(overTCP.first == mxQueries(server).first)
        await server.stop()
    }

    @Test("a TCP answer to another question is refused as malformed")
    func tcpWrongQuestion() async throws {
        let server = try await MXFakeDNSServer(
            script: .init(
                udp: { query, _ in [P.response(to: query, truncated: true)] },
                tcp: { query in P.response(to: query, idDelta: 1) }))
        let error = await #expect(throws: MXError.self) { try await resolver(server).lookup(domain: "d.test") }
        #expect(error?.kind == .malformedAnswer)
        await server.stop()
    }

    @Test("a null MX (0 .) is reported as a domain that accepts no mail, and connecting refuses")
    func nullMX() async throws {
        let server = try await zoneServer()
        let result = try await resolver(server).lookup(domain: "null.test")
        #expect(result.acceptsNoMail)
        #expect(result.hosts.isEmpty)
        #expect(result.lines == ["null.test accepts no mail: it publishes a null MX (0 .), RFC 7505"])
        let error = await #expect(throws: MXError.self) {
            try await MXResolver.connect(to: result, onEvent: { _ in })
        }
        #expect(error?.kind == .acceptsNoMail)
        #expect(server.queries.count == 1)  // no address lookups for the root
        await server.stop()
    }

    @Test("no MX record: the domain's own address is the implicit MX; with no address either, no mail host")
    func implicitMX() async throws {
        let server = try await zoneServer()
        let result = try await resolver(server).lookup(domain: "bare.test")
        #expect(result.source == .implicitMX)
        #expect(result.hosts == [MXHost(preference: 0, name: "bare.test", addresses: ["127.0.0.9"])])
        #expect(result.lines == ["bare.test has no MX record; its own address is used (implicit MX, RFC 5321 §5.1): 127.0.0.9"])
        let error = await #expect(throws: MXError.self) { try await resolver(server).lookup(domain: "empty.test") }
        #expect(error?.kind == .noMailHost)
        await server.stop()
    }

    @Test("an MX host that does not exist stays in the list with its problem")
    func hostWithoutAddress() async throws {
        let server = try await zoneServer()
        let result = try await resolver(server).lookup(domain: "lame.test")
        #expect(
            result.hosts == [
                MXHost(preference: 5, name: "gone.d.test", addresses: [], problem: "no such host"),
                MXHost(preference: 10, name: "a.d.test", addresses: ["127.0.0.1"]),
            ])
        #expect(result.lines[1] == "  MX 5 gone.d.test (no such host)")
        await server.stop()
    }

    @Test("NXDOMAIN, SERVFAIL and an unreadable answer each give their own error kind and message")
    func errorKinds() async throws {
        let zone = self.zone
        let server = try await MXFakeDNSServer(
            script: .init(udp: { query, _ in
                switch P.askedName(query) {
                case "broken.test": return [P.response(to: query, rcode: 2)]
                case "garbage.test": return [Array(query[0..<2]) + [0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xC0, 0x0C]]
                default: return [zone.answer(query)]
                }
            }))
        let resolver = try resolver(server)
        let unknown = await #expect(throws: MXError.self) { try await resolver.lookup(domain: "nosuch.test") }
        #expect(unknown?.kind == .unknownDomain)
        #expect(unknown?.message == "unknown domain nosuch.test: DNS server \(server.server) says it does not exist (NXDOMAIN)")
        let failing = await #expect(throws: MXError.self) { try await resolver.lookup(domain: "broken.test") }
        #expect(failing?.kind == .serverFailure)
        #expect(failing?.message.contains("SERVFAIL") == true)
        let garbage = await #expect(throws: MXError.self) { try await resolver.lookup(domain: "garbage.test") }
        #expect(garbage?.kind == .malformedAnswer)
        await server.stop()
    }

    @Test("an invalid domain is refused before any query is sent")
    func invalidDomain() async throws {
        let server = try await MXFakeDNSServer(script: .init(udp: { _, _ in [] }))
        let error = await #expect(throws: MXError.self) { try await resolver(server).lookup(domain: "bad..name") }
        #expect(error?.kind == .invalidDomain)
        #expect(server.queries.isEmpty)
        await server.stop()
    }

    @Test("a DNS port where nothing listens is reported as refused, not as a timeout")
    func refusedPort() async throws {
        let probe = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress?.port ?? 0
        try await probe.close().get()
        let error = await #expect(throws: MXError.self) {
            try await MXResolver(dnsServer: "127.0.0.1:\(port)", timeout: .seconds(5)).lookup(domain: "d.test")
        }
        // The kind and message show the refusal was recognised (a timeout reads differently);
        // no wall-clock bound, which would be flaky on a loaded machine.
        #expect(error?.kind == .serverFailure)
        #expect(error?.message == "cannot ask DNS server 127.0.0.1:\(port) for d.test MX: connection refused")
    }

    @Test("connecting tries hosts in preference order and reports each one that failed")
    func connectSkipsDeadHost() async throws {
        let smtp = try await ScriptedServer(script: .init(greeting: [.send("220 b.d.test ESMTP\r\n")]))
        // Nothing listens on 127.0.0.2 (the scripted server binds 127.0.0.1 only).
        let lookup = MXLookupResult(
            domain: "d.test", source: .mxRecords,
            hosts: [
                MXHost(preference: 5, name: "gone.d.test", addresses: [], problem: "no such host"),
                MXHost(preference: 10, name: "a.d.test", addresses: ["127.0.0.2"]),
                MXHost(preference: 20, name: "b.d.test", addresses: ["127.0.0.1"]),
            ])
        let recorder = EventRecorder()
        let reached = try await MXResolver.connect(to: lookup, port: smtp.port, onEvent: recorder.onEvent)
        #expect(reached.host.name == "b.d.test")
        #expect(reached.connection.endpoint == .tcp(host: "b.d.test", port: smtp.port))
        #expect(
            reached.failedAttempts.map(\.message) == [
                "gone.d.test: no such host",
                "cannot connect to a.d.test port \(smtp.port) (127.0.0.2): connection refused",
            ])
        #expect(try await recorder.reply(number: 1).code == 220)
        await reached.connection.close()

        let v6Only = await #expect(throws: MXError.self) {
            try await MXResolver.connect(to: lookup, port: smtp.port, options: ConnectOptions(addressFamily: .v6), onEvent: { _ in })
        }
        #expect(v6Only?.kind == .allHostsFailed)
        #expect(v6Only?.attempts.count == 3)
        #expect(v6Only?.message.contains("b.d.test has no IPv6 address; not tried") == true)
        await smtp.stop()
    }
}

/// Reading `--dns-server` values and resolv.conf.
@Suite("DNS server addresses")
struct MXDNSServerTests {
    @Test("ADDR, ADDR:PORT, IPv6, [IPv6] and [IPv6]:PORT are understood")
    func validForms() throws {
        let cases: [(String, String, Int)] = [
            ("127.0.0.1", "127.0.0.1", 53), ("127.0.0.1:2553", "127.0.0.1", 2553), ("::1", "::1", 53),
            ("[::1]", "::1", 53), ("[::1]:5353", "::1", 5353), ("2001:db8::53", "2001:db8::53", 53),
        ]
        for (text, address, port) in cases {
            let server = try DNSServer(parsing: text)
            #expect(server.address == address && server.port == port, "\(text)")
        }
        #expect(try DNSServer(parsing: "[::1]:5353").description == "[::1]:5353")
        #expect(try DNSServer(parsing: "10.0.0.1").description == "10.0.0.1:53")
    }

    @Test("names, bad ports and broken brackets are refused with a reason")
    func invalidForms() {
        for text in ["localhost", "1.2.3.4:0", "1.2.3.4:70000", "1.2.3.4:x", "[::1", "[::1]x", "[::1]:", ""] {
            let error = #expect(throws: MXError.self, "\(text)") { try DNSServer(parsing: text) }
            #expect(error?.kind == .invalidDNSServer)
            #expect(error?.message.hasPrefix("invalid DNS server: ") == true)
        }
    }

    @Test("the first usable nameserver of resolv.conf is taken; comments and unusable lines are skipped")
    func resolvConf() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mx-resolv-\(UInt32.random(in: 0...UInt32.max)).conf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try
            "# nameserver 9.9.9.9\nsearch example\nnameserver dns.example\nnameserver 1.2.3.4:53\nnameserver\t10.1.2.3\nnameserver 10.9.9.9\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try DNSServer.system(resolvConf: path) == DNSServer(address: "10.1.2.3"))
        try "search example\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: MXError.self) { try DNSServer.system(resolvConf: path) }
        #expect(throws: MXError.self) { try DNSServer.system(resolvConf: path + ".missing") }
    }
}
