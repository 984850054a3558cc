import Testing

@testable import SMTPCore

/// MAIL FROM / RCPT TO lines built from a `MailEnvelope`, and the errors before MAIL.
@Suite struct EnvelopeCommandTests {
    /// What the test Postfix advertises on its plain port (without STARTTLS and AUTH).
    private let postfix: ExtensionKeywords = [
        "PIPELINING": [], "SIZE": ["10240000"], "VRFY": [], "ETRN": [], "ENHANCEDSTATUSCODES": [],
        "8BITMIME": [], "DSN": [], "SMTPUTF8": [], "CHUNKING": [],
    ]
    /// A server with no extensions worth naming.
    private let bare: ExtensionKeywords = ["PIPELINING": []]

    @Test func plainEnvelope() throws {
        let envelope = MailEnvelope(sender: "alice@example.org", recipients: [.init("bob@example.net"), .init("carol@example.net")])
        let commands = try envelope.commands(advertised: bare, tlsActive: false)
        #expect(commands.mail == "MAIL FROM:<alice@example.org>")
        #expect(commands.recipients == ["RCPT TO:<bob@example.net>", "RCPT TO:<carol@example.net>"])
        #expect(!commands.usesSMTPUTF8)
        let bounce = MailEnvelope(sender: "", recipients: [.init("bob@example.net")])
        #expect(try bounce.commands(advertised: bare, tlsActive: false).mail == "MAIL FROM:<>")
    }

    @Test func everyParameterInItsPlace() throws {
        let envelope = MailEnvelope(
            sender: "alice@example.org",
            recipients: [
                .init(
                    "bob@example.net", notify: try DSNNotify(parsing: "success,failure"),
                    originalRecipient: try .init(parsing: "bob+x@example.net")),
                .init("carol@example.net", notify: .never),
            ],
            size: 1234, eightBitMIME: true, smtpUTF8: .always, requireTLS: true, ret: .headers, envelopeID: try EnvelopeID("id 7"))
        var advertised = postfix.table
        advertised["REQUIRETLS"] = []
        let commands = try envelope.commands(advertised: ExtensionKeywords(advertised), tlsActive: true)
        #expect(commands.mail == "MAIL FROM:<alice@example.org> SIZE=1234 BODY=8BITMIME SMTPUTF8 REQUIRETLS RET=HDRS ENVID=id+207")
        #expect(
            commands.recipients == [
                "RCPT TO:<bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Bx@example.net",
                "RCPT TO:<carol@example.net> NOTIFY=NEVER",
            ])
        #expect(commands.usesSMTPUTF8)
    }

    @Test func sizeIsLeftOutWhenNotAdvertisedAndCheckedAgainstTheLimit() throws {
        let envelope = MailEnvelope(sender: "a@x", recipients: [.init("b@y")], size: 20_000_000)
        #expect(try envelope.commands(advertised: bare, tlsActive: false).mail == "MAIL FROM:<a@x>")
        #expect(throws: EnvelopeError.sizeOverLimit(size: 20_000_000, limit: 10_240_000)) {
            try envelope.commands(advertised: postfix, tlsActive: false)
        }
        let unlimited: ExtensionKeywords = ["SIZE": []]
        #expect(try envelope.commands(advertised: unlimited, tlsActive: false).mail == "MAIL FROM:<a@x> SIZE=20000000")
    }

    @Test func dsnNeedsDSN() throws {
        let envelope = MailEnvelope(
            sender: "a@x", recipients: [.init("b@y", notify: .never, originalRecipient: try .init(parsing: "b@y"))],
            ret: .full, envelopeID: try EnvelopeID("e"))
        let error = EnvelopeError.notAdvertised(extension: "DSN", parameters: ["RET", "ENVID", "NOTIFY", "ORCPT"])
        #expect(throws: error) { try envelope.commands(advertised: bare, tlsActive: false) }
        #expect(error.description == "The server did not advertise DSN (RFC 3461), needed for RET, ENVID, NOTIFY, ORCPT.")
        let notifyOnly = MailEnvelope(sender: "a@x", recipients: [.init("b@y"), .init("c@y", notify: .never)])
        #expect(throws: EnvelopeError.notAdvertised(extension: "DSN", parameters: ["NOTIFY"])) {
            try notifyOnly.commands(advertised: bare, tlsActive: false)
        }
    }

    @Test func eightBitMIMENeeds8BITMIME() {
        let envelope = MailEnvelope(sender: "a@x", recipients: [.init("b@y")], eightBitMIME: true)
        #expect(throws: EnvelopeError.notAdvertised(extension: "8BITMIME", parameters: ["BODY=8BITMIME"])) {
            try envelope.commands(advertised: bare, tlsActive: false)
        }
    }

    @Test func requireTLSNeedsTLSAndTheExtension() {
        let envelope = MailEnvelope(sender: "a@x", recipients: [.init("b@y")], requireTLS: true)
        let offered: ExtensionKeywords = ["REQUIRETLS": []]
        #expect(throws: EnvelopeError.requireTLSWithoutTLS) { try envelope.commands(advertised: offered, tlsActive: false) }
        #expect(throws: EnvelopeError.notAdvertised(extension: "REQUIRETLS", parameters: ["REQUIRETLS"])) {
            try envelope.commands(advertised: postfix, tlsActive: true)
        }
        #expect(
            EnvelopeError.requireTLSWithoutTLS.description
                == "REQUIRETLS is only allowed on a TLS session (RFC 8689), and this session is not encrypted.")
        #expect((try? envelope.commands(advertised: offered, tlsActive: true).mail) == "MAIL FROM:<a@x> REQUIRETLS")
    }

    @Test func smtpUTF8Auto() throws {
        let ascii = MailEnvelope(sender: "a@x", recipients: [.init("b@y")])
        #expect(try !ascii.commands(advertised: postfix, tlsActive: false).usesSMTPUTF8)

        let utf8Recipient = MailEnvelope(sender: "a@x", recipients: [.init("b@y"), .init("josé@y")])
        let commands = try utf8Recipient.commands(advertised: postfix, tlsActive: false)
        #expect(commands.mail == "MAIL FROM:<a@x> SMTPUTF8" && commands.usesSMTPUTF8)
        #expect(commands.recipients[1] == "RCPT TO:<josé@y>")
        let error = EnvelopeError.smtpUTF8NotOffered(reason: "the address “josé@y” is not ASCII")
        #expect(throws: error) { try utf8Recipient.commands(advertised: bare, tlsActive: false) }
        #expect(
            error.description == "SMTPUTF8 is needed (the address “josé@y” is not ASCII) but the server did not advertise it (RFC 6531).")

        // Header text that encoded words can carry: SMTPUTF8 when offered, not needed otherwise.
        var subject = ascii
        subject.headerText = .encodable
        #expect(try subject.commands(advertised: postfix, tlsActive: false).usesSMTPUTF8)
        #expect(try !subject.commands(advertised: bare, tlsActive: false).usesSMTPUTF8)
        // A non-ASCII address in a header needs it.
        var headerAddress = ascii
        headerAddress.headerText = .needsUTF8
        #expect(throws: EnvelopeError.smtpUTF8NotOffered(reason: "a header holds a non-ASCII address")) {
            try headerAddress.commands(advertised: bare, tlsActive: false)
        }
    }

    @Test func smtpUTF8AlwaysAndNever() throws {
        var always = MailEnvelope(sender: "a@x", recipients: [.init("b@y")], smtpUTF8: .always)
        #expect(try always.commands(advertised: postfix, tlsActive: false).mail == "MAIL FROM:<a@x> SMTPUTF8")
        #expect(throws: EnvelopeError.smtpUTF8NotOffered(reason: "it was asked for")) {
            try always.commands(advertised: bare, tlsActive: false)
        }
        always.smtpUTF8 = .never
        always.headerText = .encodable
        #expect(try always.commands(advertised: postfix, tlsActive: false).mail == "MAIL FROM:<a@x>")
        let never = MailEnvelope(sender: "ünï@x", recipients: [.init("b@y")], smtpUTF8: .never)
        let error = EnvelopeError.smtpUTF8Needed(reason: "the address “ünï@x” is not ASCII")
        #expect(throws: error) { try never.commands(advertised: postfix, tlsActive: false) }
        #expect(error.description == "SMTPUTF8 is needed (the address “ünï@x” is not ASCII) but it was turned off.")
    }

    @Test func addressesThatWouldBreakTheLine() {
        #expect(throws: EnvelopeError.noRecipients) {
            try MailEnvelope(sender: "a@x", recipients: []).commands(advertised: bare, tlsActive: false)
        }
        #expect(throws: EnvelopeError.invalidAddress("b@y>\r\nRSET", reason: "it contains control characters")) {
            try MailEnvelope(sender: "a@x", recipients: [.init("b@y>\r\nRSET")]).commands(advertised: bare, tlsActive: false)
        }
        #expect(throws: EnvelopeError.invalidAddress("<b@y>", reason: "give it without angle brackets")) {
            try MailEnvelope(sender: "a@x", recipients: [.init("<b@y>")]).commands(advertised: bare, tlsActive: false)
        }
        #expect(throws: EnvelopeError.invalidAddress("", reason: "a recipient cannot be empty")) {
            try MailEnvelope(sender: "a@x", recipients: [.init("")]).commands(advertised: bare, tlsActive: false)
        }
    }

    @Test func capabilitiesFromARealEHLOReplyWork() throws {
        let reply = try #require(Fixture.replies("postfix-ehlo").last)
        let envelope = MailEnvelope(sender: "a@x", recipients: [.init("b@y", notify: .never)], size: 10)
        let commands = try envelope.commands(advertised: Capabilities(ehloReply: reply), tlsActive: false)
        #expect(commands.mail == "MAIL FROM:<a@x> SIZE=10" && commands.recipients == ["RCPT TO:<b@y> NOTIFY=NEVER"])
    }
}
