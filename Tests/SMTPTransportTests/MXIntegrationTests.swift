import NIOCore
import NIOPosix
import SMTPCore
import TestSupport
import Testing

@testable import SMTPTransport

extension TestEnvironment {
    /// The dnsmasq of `scripts/testenv`, as `--dns-server` takes it.
    var dnsServer: String { "\(host):\(dnsPort)" }
}

/// `--mx` against the dnsmasq and Postfix of `scripts/testenv` (see scripts/testenv/dnsmasq.sh for the records).
///
/// These fail when the test servers are not running: start them with `scripts/testenv/start`.
@Suite("MX lookups against dnsmasq (needs scripts/testenv)", .serialized)
struct MXIntegrationTests {
    private func setUp() throws -> (TestEnvironment, MXResolver, domain: String) {
        let env = try TestEnvironment.load()
        let resolver = try MXResolver(dnsServer: env.dnsServer)
        return (env, resolver, env.domain)
    }

    /// The test MX host's addresses: 127.0.0.1, and ::1 when loopback has IPv6.
    private func expectLoopback(_ host: MXHost?, name: String) {
        #expect(host?.name == name)
        #expect(host?.addresses.first == "127.0.0.1")
        #expect(host.map { Set($0.addresses).isSubset(of: ["127.0.0.1", "::1"]) } == true)
        #expect(host?.problem == nil)
    }

    @Test("the test domain's MX record, with the MX host's addresses")
    func testDomainMX() async throws {
        let (env, resolver, domain) = try setUp()
        let result = try await resolver.lookup(domain: domain)
        #expect(result.source == .mxRecords)
        #expect(result.hosts.map(\.preference) == [10])
        expectLoopback(result.hosts.first, name: env.hostname)
        #expect(result.lines.first == "1 MX record for \(domain):")
    }

    @Test("two MX records come out in preference order: 5 down, then 10 mx")
    func preferenceOrder() async throws {
        let (env, resolver, domain) = try setUp()
        let result = try await resolver.lookup(domain: "backup.\(domain)")
        #expect(result.hosts.map(\.preference) == [5, 10])
        #expect(result.hosts.first == MXHost(preference: 5, name: "down.\(domain)", addresses: ["127.0.0.2"]))
        expectLoopback(result.hosts.last, name: env.hostname)
        #expect(result.lines.dropFirst().first == "  MX 5 down.\(domain) (127.0.0.2)")
    }

    @Test("--mx with the test domain reaches the Postfix test instance on its plain port")
    func connectThroughMX() async throws {
        let (env, resolver, domain) = try setUp()
        let recorder = EventRecorder()
        let reached = try await resolver.connect(domain: domain, port: env.smtpPort, onEvent: recorder.onEvent)
        #expect(reached.host.name == env.hostname)
        #expect(reached.failedAttempts.isEmpty)
        #expect(reached.connection.endpoint == .tcp(host: env.hostname, port: env.smtpPort))
        let banner = try await recorder.reply(number: 1)
        #expect(banner.code == 220)
        #expect(banner.textLines.first?.hasPrefix(env.hostname) == true)
        try await reached.connection.send(Array("QUIT\r\n".utf8)).get()
        #expect(try await recorder.reply(number: 2).code == 221)
        await reached.connection.close()
    }

    @Test("a dead preferred MX is reported and the next one is used")
    func connectPastDeadMX() async throws {
        let (env, resolver, domain) = try setUp()
        let recorder = EventRecorder()
        let reached = try await resolver.connect(domain: "backup.\(domain)", port: env.smtpPort, onEvent: recorder.onEvent)
        #expect(reached.host.name == env.hostname)
        #expect(reached.failedAttempts.map(\.host.name) == ["down.\(domain)"])
        #expect(
            reached.failedAttempts.first?.message
                == "cannot connect to down.\(domain) port \(env.smtpPort) (127.0.0.2): connection refused")
        #expect(try await recorder.reply(number: 1).code == 220)
        await reached.connection.close()
    }

    @Test("a domain with no MX record falls back to its A record (implicit MX)")
    func implicitMX() async throws {
        let (_, resolver, domain) = try setUp()
        let result = try await resolver.lookup(domain: "nomx.\(domain)")
        #expect(result.source == .implicitMX)
        #expect(result.hosts == [MXHost(preference: 0, name: "nomx.\(domain)", addresses: ["127.0.0.1"])])
    }

    @Test("an unknown name under the test domain is an unknown-domain error")
    func unknownDomain() async throws {
        let (env, resolver, domain) = try setUp()
        let dnsServer = env.dnsServer
        let error = await #expect(throws: MXError.self) { try await resolver.lookup(domain: "nosuch.\(domain)") }
        #expect(error?.kind == .unknownDomain)
        #expect(error?.message == "unknown domain nosuch.\(domain): DNS server \(dnsServer) says it does not exist (NXDOMAIN)")
    }

    @Test("dnsmasq answers the same MX query over TCP, with the length prefix")
    func tcpExchange() async throws {
        let (env, _, domain) = try setUp()
        let server = try DNSServer(parsing: env.dnsServer)
        let name = try DNSName(parsing: domain)
        let query = DNSQueryEncoder.query(id: 0x5A5A, name: name, type: .mx)
        let bytes = try await DNSTransport.exchangeTCP(
            query: query, server: server.socketAddress, timeout: .seconds(5), group: MultiThreadedEventLoopGroup.singleton)
        let response = try DNSMessageParser.parse(bytes)
        #expect(DNSClient.matches(response, id: 0x5A5A, question: DNSQuestion(name: name, type: 15, recordClass: 1)))
        #expect(response.answers.map(\.data) == [.mx(preference: 10, exchange: try DNSName(parsing: env.hostname))])
    }
}

/// DNSSEC questions put to dnsmasq, which does not validate: every answer is insecure.
@Suite("DNSSEC questions to a resolver that does not validate (needs scripts/testenv)")
struct NonValidatingResolverTests {
    @Test("TXT records come back joined, marked insecure; a missing name is an answer without values")
    func textRecordsFromDnsmasq() async throws {
        let env = try TestEnvironment.load()
        let resolver = try MXResolver(dnsServer: env.dnsServer, dnssec: true)
        let dkim = try await resolver.textRecords("ed._domainkey.\(env.domain)")
        #expect(dkim.status == .insecure)
        #expect(dkim.nameExists)
        #expect(dkim.values.count == 1)
        #expect(dkim.values.first?.hasPrefix("v=DKIM1; k=ed25519; p=") == true)
        let rsa = try await resolver.textRecords("rsa._domainkey.\(env.domain)")
        #expect(rsa.values.first.map { !$0.contains("\"") && $0.count > 300 } == true)
        let lookup = try await resolver.lookup(domain: env.domain)
        #expect(lookup.status == .insecure)
        #expect(lookup.hosts.first?.addressStatus == .insecure)
    }
}
