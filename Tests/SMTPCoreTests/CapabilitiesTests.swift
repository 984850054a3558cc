import SMTPCore
import Testing

/// EHLO replies of real servers (fixtures) read into capabilities.
@Suite("Capabilities from real EHLO replies")
struct CapabilitiesTests {
    /// The capabilities of the last reply of fixture `name` (its EHLO or LHLO reply).
    private func capabilities(_ name: String) throws -> Capabilities {
        let reply = try #require(Fixture.replies(name).last)
        #expect(reply.code == 250)
        return Capabilities(ehloReply: reply)
    }

    @Test func postfix() throws {
        let caps = try capabilities("postfix-ehlo")
        #expect(caps.domain == "mail.example.org")
        #expect(caps.greeting == "")
        #expect(
            caps.keywords == [
                "PIPELINING", "SIZE", "VRFY", "ETRN", "STARTTLS", "AUTH", "ENHANCEDSTATUSCODES",
                "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING",
            ])
        #expect(caps.sizeLimit == 10_240_000)
        // `AUTH PLAIN LOGIN` and the legacy `AUTH=PLAIN LOGIN` merge into one entry.
        #expect(caps.parameters(for: "AUTH") == ["PLAIN", "LOGIN"])
        #expect(caps.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(caps.contains("starttls"))
        #expect(caps.parameters(for: "8bitmime") == [])
    }

    @Test func exim() throws {
        let caps = try capabilities("exim-ehlo")
        #expect(caps.domain == "mx.example.com")
        #expect(caps.greeting == "Hello client.example.net [192.0.2.10]")
        #expect(caps.sizeLimit == 52_428_800)
        #expect(caps.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(caps.contains("PRDR") && caps.contains("PipeConnect") && caps.contains("HELP"))
        #expect(!caps.contains("SMTPUTF8"))
    }

    @Test func aiosmtpd() throws {
        let caps = try capabilities("aiosmtpd-ehlo")
        #expect(caps.domain == "practice.example")
        #expect(caps.keywords == ["SIZE", "8BITMIME", "SMTPUTF8", "HELP"])
        #expect(caps.sizeLimit == 33_554_432)
        #expect(caps.authMechanisms.isEmpty)
        #expect(caps.parameters(for: "AUTH") == nil)
    }

    @Test func smtpSinkTrailingEmptyLineIsNoKeyword() throws {
        let caps = try capabilities("smtp-sink-ehlo")
        #expect(
            caps.keywords == [
                "PIPELINING", "8BITMIME", "AUTH", "XCLIENT", "XFORWARD", "ENHANCEDSTATUSCODES", "SMTPUTF8",
            ])
        #expect(caps.parameters(for: "xforward") == ["NAME", "ADDR", "PROTO", "HELO"])
        #expect(caps.sizeLimit == nil)
        #expect(!caps.contains("SIZE"))
    }

    @Test func gmailBeforeAndAfterTLS() throws {
        let plain = try capabilities("gmail-ehlo")
        #expect(plain.domain == "smtp.gmail.com")
        #expect(plain.greeting == "at your service, [203.0.113.7]")
        #expect(plain.contains("STARTTLS"))
        #expect(plain.authMechanisms.isEmpty)
        #expect(plain.sizeLimit == 35_882_577)

        let secure = try capabilities("gmail-ehlo-after-tls")
        #expect(!secure.contains("STARTTLS"))
        #expect(secure.authMechanisms == ["LOGIN", "PLAIN", "XOAUTH2", "PLAIN-CLIENTTOKEN", "OAUTHBEARER", "XOAUTH"])
    }

    @Test func outlook() throws {
        let caps = try capabilities("outlook-ehlo")
        #expect(caps.domain == "AM0PR01CA0123.outlook.office365.com")
        #expect(caps.greeting == "Hello [203.0.113.7]")
        #expect(caps.sizeLimit == 157_286_400)
        #expect(caps.contains("BINARYMIME") && caps.contains("chunking") && caps.contains("DSN"))
    }

    @Test func dovecotLHLO() throws {
        let caps = try capabilities("dovecot-lhlo")
        #expect(caps.domain == "lmtp.example")
        #expect(caps.keywords == ["8BITMIME", "CHUNKING", "ENHANCEDSTATUSCODES", "PIPELINING", "STARTTLS"])
    }
}
