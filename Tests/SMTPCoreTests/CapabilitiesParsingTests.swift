import SMTPCore
import Testing

/// The rules of reading an EHLO reply, case by case.
@Suite("Capabilities: parsing rules")
struct CapabilitiesParsingTests {
    /// Capabilities of the single reply in `wire` (lines separated by CRLF).
    private func capabilities(_ wire: String) throws -> Capabilities {
        let events = parseAll(Array(wire.utf8))
        #expect(events.count == 1)
        return Capabilities(ehloReply: try #require(events.first?.reply))
    }

    @Test func keywordsAreCaseInsensitiveAndStoredUppercased() throws {
        let caps = try capabilities("250-host.example\r\n250-size 1000\r\n250-Auth login\r\n250 8bitmime\r\n")
        #expect(caps.keywords == ["SIZE", "AUTH", "8BITMIME"])
        #expect(caps.contains("Size") && caps.contains("SIZE") && caps.contains("8BitMIME"))
        #expect(caps.parameters(for: "sIzE") == ["1000"])
        #expect(caps.sizeLimit == 1000)
        #expect(caps.authMechanisms == ["LOGIN"])
    }

    @Test func legacyAuthFormMergesWithoutRepeats() throws {
        let caps = try capabilities("250-host\r\n250-AUTH=login plain\r\n250-AUTH PLAIN CRAM-MD5\r\n250 AUTH=\r\n")
        #expect(caps.keywords == ["AUTH"])
        #expect(caps.parameters(for: "auth") == ["login", "plain", "CRAM-MD5"])
        #expect(caps.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
    }

    @Test func spacingBetweenWordsIsTolerated() throws {
        let caps = try capabilities("250-host   Hello  there\r\n250 AUTH  PLAIN\tLOGIN \r\n")
        #expect(caps.domain == "host")
        #expect(caps.greeting == "Hello  there")
        #expect(caps.authMechanisms == ["PLAIN", "LOGIN"])
    }

    @Test(
        arguments: [
            ("250 SIZE", nil), ("250 SIZE 0", nil), ("250 SIZE abc", nil), ("250 SIZE -5", nil),
            ("250 SIZE +5", nil), ("250 SIZE 99999999999999999999999", nil), ("250 SIZE 1", 1),
            ("250 SIZE 10240000 extra", 10_240_000),
        ] as [(String, Int?)])
    func sizeLimit(line: String, expected: Int?) throws {
        let caps = try capabilities("250-host\r\n\(line)\r\n")
        #expect(caps.contains("SIZE"))
        #expect(caps.sizeLimit == expected)
    }

    @Test func oneLineReplyHasADomainAndNoExtensions() throws {
        let caps = try capabilities("250 mail.example.net at your service\r\n")
        #expect(caps.domain == "mail.example.net")
        #expect(caps.greeting == "at your service")
        #expect(caps.isEmpty)
        #expect(caps.keywords.isEmpty)
    }

    @Test func failedEHLOAdvertisesNothing() throws {
        let caps = try capabilities("502-5.5.1 EHLO not supported\r\n502 5.5.1 try HELO\r\n")
        #expect(caps == .none)
        #expect(caps.domain == nil)
        #expect(!caps.contains("5.5.1"))
    }

    @Test func noneIsEmpty() {
        #expect(Capabilities.none == Capabilities())
        #expect(Capabilities.none.isEmpty)
        #expect(Capabilities.none.authMechanisms.isEmpty)
        #expect(Capabilities.none.sizeLimit == nil)
        #expect(Capabilities.none.parameters(for: "SIZE") == nil)
    }
}
