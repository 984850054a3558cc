import Testing

@testable import SMTPTransport

/// The server-name check applied on top of NIOSSL's (RFC 6125 rules).
@Suite("Server name check")
struct ServerNameCheckTests {
    @Test("exact names match case-insensitively, ignoring a trailing dot")
    func exact() {
        #expect(ServerNameCheck.matches(name: "MX.smtpc.test.", dnsNames: ["mx.SMTPC.test"], commonName: nil))
        #expect(!ServerNameCheck.matches(name: "wrong.example", dnsNames: ["mx.smtpc.test"], commonName: nil))
    }

    @Test("a wildcard covers exactly one left-most label")
    func wildcard() {
        let names = ["*.example.com"]
        #expect(ServerNameCheck.matches(name: "mail.example.com", dnsNames: names, commonName: nil))
        #expect(!ServerNameCheck.matches(name: "example.com", dnsNames: names, commonName: nil))
        #expect(!ServerNameCheck.matches(name: "a.mail.example.com", dnsNames: names, commonName: nil))
        #expect(!ServerNameCheck.matches(name: "mail.com", dnsNames: ["*.com"], commonName: nil))
    }

    @Test("the common name counts only when there is no DNS name")
    func commonName() {
        #expect(ServerNameCheck.matches(name: "legacy.test", dnsNames: [], commonName: "legacy.test"))
        #expect(!ServerNameCheck.matches(name: "legacy.test", dnsNames: ["other.test"], commonName: "legacy.test"))
    }
}
