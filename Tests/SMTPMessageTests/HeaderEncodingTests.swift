import SMTPCore
import SMTPMessage
import Testing

/// Header text: encoded words without SMTPUTF8, raw UTF-8 with it, folding, given headers,
/// and the errors.
@Suite struct HeaderEncodingTests {
    private static func headerSection(_ message: BuiltMessage) -> [UInt8] {
        let text = message.headerLines.map { $0 + "\r\n" }.joined()
        #expect(Array(message.bytes.prefix(text.utf8.count + 2)) == Array((text + "\r\n").utf8))
        return Array(text.utf8)
    }

    @Test func nonASCIISubjectAndDisplayNamesDecodeBackFromASCIIHeaders() throws {
        let subject = "Grüße aus Köln — ein längerer Betreff, der über mehrere kodierte Wörter gehen muss: 日本語のテキスト、もう少し"
        let message = try Sample.build(
            Sample.spec {
                $0.from = Mailbox("joerg@example.org", displayName: "Jörg Müller")
                $0.to = [Mailbox("a@example.net", displayName: "山田 太郎"), Mailbox("b@example.net", displayName: "Smith, John")]
                $0.cc = [Mailbox("c@example.net", displayName: "=?not really encoded?=")]
                $0.subject = subject
                $0.text = "x"
            })
        #expect(Self.headerSection(message).allSatisfy { $0 < 0x80 })
        #expect(!message.needsSMTPUTF8)
        let reading = try PythonReading.read(message)
        #expect(reading.header("Subject") == [subject])
        #expect(reading.header("From") == ["Jörg Müller <joerg@example.org>"])
        #expect(reading.header("To") == ["山田 太郎 <a@example.net>, \"Smith, John\" <b@example.net>"])
        #expect(reading.header("Cc") == ["=?not really encoded?= <c@example.net>"])  // encoded, so taken literally
        for line in message.headerLines where line.contains("=?utf-8?") {
            #expect(line.utf8.count <= 76, "\(line)")
        }
        #expect(message.headerLines.filter { $0.hasPrefix(" ") }.count >= 2, "the subject was not folded")
    }

    @Test func withSMTPUTF8HeadersAndAddressesAreRawUTF8() throws {
        let message = try Sample.build(
            Sample.spec {
                $0.from = Mailbox("jörg@bücher.example", displayName: "Jörg")
                $0.subject = "Grüße"
                $0.smtputf8 = true
                $0.text = "Grüße\n"
            })
        let header = String(decoding: Self.headerSection(message), as: UTF8.self)
        #expect(header.contains("\r\nFrom: Jörg <jörg@bücher.example>\r\n"))
        #expect(header.contains("\r\nSubject: Grüße\r\n"))
        #expect(!header.contains("=?"))
        #expect(message.needsSMTPUTF8)
        #expect(message.structure.transferEncoding == .eightBit)
    }

    @Test func aNonASCIIAddressWithoutSMTPUTF8IsATypedError() {
        #expect(throws: MessageBuildError.addressNeedsSMTPUTF8("jörg@example.org")) {
            try Sample.build(Sample.spec { $0.to = [Mailbox("jörg@example.org")] })
        }
        let error = MessageBuildError.addressNeedsSMTPUTF8("jörg@example.org")
        #expect(error.description == "The address 'jörg@example.org' is not ASCII: it can only be sent with SMTPUTF8 (RFC 6531).")
        #expect(throws: MessageBuildError.invalidAddress("no-at-sign")) {
            try Sample.build(Sample.spec { $0.cc = [Mailbox("no-at-sign")] })
        }
    }

    @Test func mailboxesParseAsTyped() throws {
        #expect(try Mailbox(parsing: " ann@example.org ") == Mailbox("ann@example.org"))
        #expect(try Mailbox(parsing: "<ann@example.org>") == Mailbox("ann@example.org"))
        #expect(try Mailbox(parsing: "Ann Example <ann@example.org>") == Mailbox("ann@example.org", displayName: "Ann Example"))
        #expect(try Mailbox(parsing: "\"Example, \\\"Ann\\\"\" <a@b.c>") == Mailbox("a@b.c", displayName: "Example, \"Ann\""))
        #expect(throws: MessageBuildError.invalidAddress("Ann <ann at example>")) { try Mailbox(parsing: "Ann <ann at example>") }
    }

    @Test func longASCIIHeadersAreFoldedAndUnfoldBack() throws {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let recipients = (1...12).map { Mailbox("recipient\($0)@example.net", displayName: "Recipient \($0)") }
        let message = try Sample.build(
            Sample.spec {
                $0.subject = subject
                $0.to = recipients
            })
        #expect(message.headerLines.allSatisfy { $0.utf8.count <= 76 }, "\(message.headerLines)")
        let reading = try PythonReading.read(message)
        #expect(reading.header("Subject") == [subject])
        #expect(reading.header("To") == [recipients.map(\.description).joined(separator: ", ")])
    }

    @Test func givenHeadersKeepTheirOrderAndReplaceBuiltOnes() throws {
        let message = try Sample.build(
            Sample.spec {
                $0.headers = [
                    "X-Test: one", "Reply-To: Jörg <joerg@example.org>", "Message-ID: <fixed@example.org>", "X-Test:  two",
                    "X-Note: größer",
                ]
            })
        let reading = try PythonReading.read(message)
        #expect(reading.header("X-Test") == ["one", "two"])
        #expect(reading.header("Reply-To") == ["Jörg <joerg@example.org>"])
        #expect(reading.header("X-Note") == ["größer"])
        #expect(reading.header("Message-ID") == ["<fixed@example.org>"])
        #expect(
            reading.headers.map { $0[0] } == [
                "Date", "From", "To", "Subject", "X-Test", "Reply-To", "Message-ID", "X-Test", "X-Note", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding",
            ])
    }

    @Test func bccAndTheBuildersOwnHeadersAreRefused() {
        for header in ["Bcc: secret@example.org", "bcc:x@y.z"] {
            #expect(throws: MessageBuildError.reservedHeader(String(header.prefix { $0 != ":" }))) {
                try Sample.build(Sample.spec { $0.headers = [header] })
            }
        }
        for header in ["Content-Type: text/plain", "MIME-Version: 1.0", "content-transfer-encoding: 8bit"] {
            #expect(throws: MessageBuildError.self) { try Sample.build(Sample.spec { $0.headers = [header] }) }
        }
        for header in ["No colon", ": empty name", "Bad Name: x", "X-Two: lines\r\nInjected: yes"] {
            #expect(throws: MessageBuildError.invalidHeader(header)) { try Sample.build(Sample.spec { $0.headers = [header] }) }
        }
        #expect(MessageBuildError.reservedHeader("Bcc").description.contains("envelope recipients only"))
    }

    @Test func noBccEverAppears() throws {
        let message = try Sample.build(Sample.spec { $0.text = "Bcc: is only text in the body" })
        #expect(!message.headerLines.contains { $0.lowercased().hasPrefix("bcc") })
        #expect(try PythonReading.read(message).header("Bcc").isEmpty)
    }

    @Test func theMessageIDDomainIsChecked() {
        #expect(throws: MessageBuildError.invalidMessageIDDomain("a b")) {
            try Sample.build(Sample.spec { $0.messageIDDomain = "a b" })
        }
    }

    @Test func datesAreWrittenAsRFC5322Has() {
        #expect(RFC5322Date(secondsSince1970: 0, utcOffsetMinutes: 0).description == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date(secondsSince1970: 951_782_400, utcOffsetMinutes: 0).description == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(RFC5322Date(secondsSince1970: 951_782_400, utcOffsetMinutes: -330).description == "Mon, 28 Feb 2000 18:30:00 -0530")
        #expect(RFC5322Date(secondsSince1970: -1, utcOffsetMinutes: 0).description == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(RFC5322Date(secondsSince1970: 4_102_444_800, utcOffsetMinutes: 90).description == "Fri, 1 Jan 2100 01:30:00 +0130")
    }
}
