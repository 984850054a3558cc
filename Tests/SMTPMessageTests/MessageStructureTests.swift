import SMTPCore
import SMTPMessage
import Testing

/// The structure each combination of content gets, as Python reads it, and as the tree
/// for display shows it.
@Suite struct MessageStructureTests {
    private static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x00, count: 40)
    /// 1,234 bytes of CRLF lines.
    private static let lines = Array((String(repeating: "AAAAAAAAA\r\n", count: 112) + "AA").utf8)
    private static let pdf = Array("%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj\n".utf8) + [0x00, 0xFF, 0x0D]

    @Test func textAloneIsASinglePartWithTheBuiltHeaders() throws {
        let message = try Sample.build(Sample.spec { $0.text = "Hello Bob,\nall well.\n" })
        let reading = try PythonReading.read(message)
        #expect(reading.structure == ["0 text/plain"])
        #expect(reading.parts[0].cte == "7bit")
        #expect(reading.parts[0].charset == "utf-8")
        #expect(reading.parts[0].text == "Hello Bob,\nall well.\n")
        #expect(
            reading.headers.map { $0[0] } == [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
            ])
        #expect(reading.header("Date") == ["Tue, 14 Nov 2023 23:13:20 +0100"])
        #expect(reading.header("From") == ["Ann Example <ann@example.org>"])
        #expect(reading.header("Message-ID") == [message.messageID])
        #expect(message.messageID.hasPrefix("<") && message.messageID.hasSuffix("@client.example.org>"))
        #expect(message.treeLines == ["text/plain; charset=utf-8  7bit  23 bytes"])
        #expect(!message.needsSMTPUTF8 && !message.needsEightBitMIME)
    }

    @Test func textAndHTMLAreAlternatives() throws {
        let message = try Sample.build(
            Sample.spec {
                $0.text = "plain"
                $0.html = "<p>rich</p>"
            })
        let reading = try PythonReading.read(message)
        #expect(reading.structure == ["0 multipart/alternative", "1 text/plain", "1 text/html"])
        #expect(reading.leaves.map(\.text) == ["plain", "<p>rich</p>"])
    }

    @Test func htmlAloneIsASinglePart() throws {
        let reading = try Sample.reading { $0.html = "<p>only</p>\n" }
        #expect(reading.structure == ["0 text/html"])
        #expect(reading.parts[0].text == "<p>only</p>\n")
    }

    @Test func inlineImagesAreRelatedToTheHTMLInsideTheAlternative() throws {
        let message = try Sample.build(
            Sample.spec {
                $0.text = "see the logo"
                $0.html = "<img src=\"cid:logo@example.org\">"
                $0.inlineImages = [.init(.bytes(Self.png), fileName: "logo.png", contentID: "logo@example.org")]
            })
        let reading = try PythonReading.read(message)
        #expect(
            reading.structure == ["0 multipart/alternative", "1 text/plain", "1 multipart/related", "2 text/html", "2 image/png"])
        let image = reading.parts[4]
        #expect(image.cid == "<logo@example.org>")
        #expect(image.disposition == "inline")
        #expect(image.sha256 == sha256Hex(Self.png))
        let unfolded = String(decoding: message.bytes, as: UTF8.self).replacing("\r\n ", with: " ")
        #expect(unfolded.contains("Content-Type: multipart/related; boundary=\"=_smtpc_"))
        #expect(unfolded.contains("\"; type=\"text/html\"\r\n"))
    }

    @Test func htmlWithImagesAndNoTextIsRelatedAlone() throws {
        let reading = try Sample.reading {
            $0.html = "<img src=\"cid:a\">"
            $0.inlineImages = [.init(.bytes(Self.png), contentID: "a")]
        }
        #expect(reading.structure == ["0 multipart/related", "1 text/html", "1 image/png"])
    }

    @Test func attachmentsMakeAMixedAroundEverythingAndTheTreeShowsIt() throws {
        let message = try Sample.build(
            Sample.spec {
                $0.text = "Grüße from the builder, in a line of plain text"
                $0.html = "<img src=\"cid:logo\">"
                $0.inlineImages = [.init(.bytes(Self.png), fileName: "logo.png", contentID: "logo")]
                $0.attachments = [
                    .init(.bytes(Self.pdf), fileName: "report.pdf"),
                    .init(.bytes(Self.lines), mediaType: "application/x-test"),
                ]
            })
        let reading = try PythonReading.read(message)
        #expect(
            reading.structure == [
                "0 multipart/mixed", "1 multipart/alternative", "2 text/plain", "2 multipart/related", "3 text/html",
                "3 image/png", "1 application/pdf", "1 application/x-test",
            ])
        #expect(reading.parts[6].filename == "report.pdf")
        #expect(reading.parts[6].disposition == "attachment")
        #expect(reading.parts[7].sha256 == sha256Hex(Self.lines))
        #expect(
            message.treeLines == [
                "multipart/mixed",
                "  multipart/alternative",
                "    text/plain; charset=utf-8  quoted-printable  49 bytes",
                "    multipart/related",
                "      text/html; charset=utf-8  7bit  20 bytes",
                "      image/png  logo.png  cid:logo  base64  48 bytes",
                "  application/pdf  report.pdf  base64  \(Self.pdf.count) bytes",
                "  application/x-test  7bit  1,234 bytes",
            ])
    }

    @Test func textAndAttachmentsAreMixedWithTheTextFirst() throws {
        let reading = try Sample.reading {
            $0.text = "body"
            $0.attachments = [.init(.bytes(Self.pdf), fileName: "a.pdf")]
        }
        #expect(reading.structure == ["0 multipart/mixed", "1 text/plain", "1 application/pdf"])
        #expect(reading.parts[1].disposition == nil)
    }

    @Test func nothingButAnAttachmentStillHasAnEmptyTextPart() throws {
        let reading = try Sample.reading { $0.attachments = [.init(.bytes(Self.pdf), fileName: "a.pdf")] }
        #expect(reading.structure == ["0 multipart/mixed", "1 text/plain", "1 application/pdf"])
        #expect(reading.parts[1].text == "")
    }

    @Test func aBoundaryNeverOccursInTheContent() throws {
        // Text that holds what the boundary of the first seed would be: the builder must pick another.
        let probe = try Sample.build(Sample.spec { $0.attachments = [.init(.bytes([1, 2, 3]))] })
        let text = String(decoding: probe.bytes, as: UTF8.self)
        let boundaryLine = try #require(text.split(separator: "\r\n").first { $0.hasPrefix("--=_smtpc_") })
        let message = try Sample.build(
            Sample.spec {
                $0.text = String(boundaryLine) + "\n"
                $0.attachments = [.init(.bytes([1, 2, 3]))]
            })
        let reading = try PythonReading.read(message)
        #expect(reading.structure == ["0 multipart/mixed", "1 text/plain", "1 application/octet-stream"])
        #expect(reading.parts[1].text == String(boundaryLine) + "\n")
    }

    @Test func inlineImagesWithoutHTMLAreRefused() {
        #expect(throws: MessageBuildError.inlineImagesWithoutHTML) {
            try Sample.build(Sample.spec { $0.inlineImages = [.init(.bytes(Self.png), contentID: "x")] })
        }
        #expect(throws: MessageBuildError.invalidContentID("a b")) {
            try Sample.build(
                Sample.spec {
                    $0.html = "x"
                    $0.inlineImages = [.init(.bytes(Self.png), contentID: "a b")]
                })
        }
    }

    @Test func theSameSeedMakesTheSameBytesAndAnotherDoesNot() throws {
        let spec = Sample.spec {
            $0.text = "a"
            $0.html = "b"
        }
        #expect(try Sample.build(spec, seed: 1).bytes == Sample.build(spec, seed: 1).bytes)
        #expect(try Sample.build(spec, seed: 1).bytes != Sample.build(spec, seed: 2).bytes)
    }
}
