import Testing

@testable import SMTPCore

/// Classifying typed lines by verb, and reading MAIL/RCPT arguments.
@Suite struct CommandClassificationTests {
    @Test(arguments: [
        ("EHLO client.example", SMTPVerb.ehlo), ("ehlo x", .ehlo), ("HeLo x", .helo), ("LHLO x", .lhlo),
        ("MAIL FROM:<a@b>", .mail), ("mail from:<>", .mail), ("RCPT TO:<a@b>", .rcpt),
        ("DATA", .data), ("data", .data), ("BDAT 100 LAST", .bdat), ("RSET", .rset), ("NOOP", .noop),
        ("QUIT", .quit), ("VRFY bob", .vrfy), ("EXPN staff", .expn), ("HELP", .help), ("help MAIL", .help),
        ("STARTTLS", .startTLS), ("starttls", .startTLS), ("AUTH PLAIN AGJvYgBzZWNyZXQ=", .auth),
    ])
    func verbIsReadCaseInsensitively(line: String, verb: SMTPVerb) {
        #expect(SMTPVerb(line: line) == verb)
    }

    @Test(arguments: ["", " EHLO x", "EHLOx", "MAILFROM:<a@b>", "DAT", "DATAX", "TURN", "ÉHLO", "/help", "xxxxxxxxxxxxxxxxxxxx"])
    func otherLinesAreUnknown(line: String) {
        #expect(SMTPVerb(line: line) == .unknown)
    }

    @Test func bytesWithTabsAndLineEndsAreClassifiedByTheirFirstWord() {
        #expect(SMTPVerb(bytes: Array("QUIT\r\n".utf8)) == .quit)
        #expect(SMTPVerb(bytes: Array("NOOP\tx".utf8)) == .noop)
        #expect(SMTPVerb(bytes: [0xFF, 0x51]) == .unknown)
        // A NUL is not an empty place in the word: "\0QUIT" and "QU\0IT" are not QUIT.
        #expect(SMTPVerb(bytes: [0x00] + Array("QUIT".utf8)) == .unknown)
        #expect(SMTPVerb(bytes: Array("QU\u{0}IT".utf8)) == .unknown)
        #expect(SMTPVerb(bytes: Array("STARTTLSX".utf8)) == .unknown)
    }

    /// Every verb in every mix of cases, alone or followed by each separator, is itself;
    /// one letter more or less makes it unknown.
    @Test func everyVerbInAnyCaseIsFoundAndNothingNearIt() {
        for verb in SMTPVerb.known {
            let name = Array(verb.rawValue.utf8)
            for mask in 0..<(1 << name.count) {
                let word = name.enumerated().map { $0.offset & mask != 0 ? $0.element | 0x20 : $0.element }
                for tail in [[], [0x20, 0x78], [0x0D, 0x0A], [0x09], [0x0A]] as [[UInt8]] {
                    #expect(SMTPVerb(bytes: word + tail) == verb)
                }
            }
            #expect(SMTPVerb(bytes: name.dropLast()) == .unknown)
            #expect(SMTPVerb(bytes: name + [0x58]) == .unknown)
            #expect(SMTPVerb(bytes: [0x58] + name) == .unknown)
        }
    }

    @Test func eachVerbHasItsReplyContext() {
        #expect(SMTPVerb.mail.replyContext == .mailFrom)
        #expect(SMTPVerb.rcpt.replyContext == .rcptTo)
        #expect(SMTPVerb.startTLS.replyContext == .startTLS)
        #expect(SMTPVerb.unknown.replyContext == .other)
        #expect(SMTPVerb.data.replyContext == .data)
        // Every known verb maps to its own context: no two verbs share one.
        let contexts = SMTPVerb.known.map(\.replyContext)
        #expect(Set(contexts).count == SMTPVerb.known.count)
        #expect(!contexts.contains(.other))
    }

    @Test func wellFormedMailFromIsSplitIntoAddressAndParameters() throws {
        let arguments = try #require(EnvelopeArguments(line: "MAIL FROM:<alice@example.org> SIZE=1200 BODY=8BITMIME SMTPUTF8"))
        #expect(arguments.verb == .mail)
        #expect(arguments.hasPrefixWord && arguments.hasAngleBrackets && !arguments.spaceAfterColon)
        #expect(arguments.address == "alice@example.org")
        #expect(arguments.parameters.map(\.keyword) == ["SIZE", "BODY", "SMTPUTF8"])
        #expect(arguments.parameter("SIZE")?.value == "1200")
        #expect(arguments.parameter("SMTPUTF8")?.value == nil)
    }

    @Test func commonMistakesAreRecognised() throws {
        let spaced = try #require(EnvelopeArguments(line: "mail from: <bob@example.org>"))
        #expect(spaced.spaceAfterColon && spaced.hasAngleBrackets && spaced.address == "bob@example.org")

        let bare = try #require(EnvelopeArguments(line: "RCPT TO:bob@example.org notify=never"))
        #expect(!bare.hasAngleBrackets && bare.address == "bob@example.org")
        #expect(bare.parameters.first?.keyword == "NOTIFY")

        let misspelt = try #require(EnvelopeArguments(line: "RCPT TOO:<bob@example.org>"))
        #expect(!misspelt.hasPrefixWord && misspelt.address == "bob@example.org")

        let nullPath = try #require(EnvelopeArguments(line: "MAIL FROM:<>"))
        #expect(nullPath.hasAngleBrackets && nullPath.address.isEmpty)

        #expect(EnvelopeArguments(line: "DATA") == nil)
    }
}
