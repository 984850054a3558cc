import SMTPCore
import SMTPMessage
import Testing

/// The transfer encoding of text bodies, chosen per part, and the text decoding back.
@Suite struct TextEncodingTests {
    /// The text part of a message with `text`, and what Python decodes it to.
    private static func textPart(_ text: String, eightBitMIME: Bool = false, smtputf8: Bool = false) throws -> (
        TransferEncoding?, String?
    ) {
        let message = try Sample.build(
            Sample.spec {
                $0.text = text
                $0.eightBitMIME = eightBitMIME
                $0.smtputf8 = smtputf8
            })
        let reading = try PythonReading.read(message)
        #expect(reading.parts.count == 1)
        return (message.structure.transferEncoding, reading.parts[0].text)
    }

    @Test func asciiWithShortLinesIs7bit() throws {
        let (encoding, text) = try Self.textPart("one\ntwo\r\n.three\n")
        #expect(encoding == .sevenBit)
        #expect(text == "one\ntwo\n.three\n")
    }

    @Test func utf8Is8bitOnlyWith8BITMIMEOrSMTPUTF8() throws {
        let german = "Grüße aus Köln, mit ein paar Umlauten in einem sonst englischen Satz.\n"
        #expect(try Self.textPart(german) == (.quotedPrintable, german))
        #expect(try Self.textPart(german, eightBitMIME: true) == (.eightBit, german))
        #expect(try Self.textPart(german, smtputf8: true) == (.eightBit, german))
    }

    @Test func mostlyNonASCIITextIsBase64() throws {
        let japanese = "日本語のテキストです。\nもう一行。\n"
        #expect(try Self.textPart(japanese) == (.base64, japanese))
    }

    @Test func longLinesAreQuotedPrintableEvenWith8BITMIME() throws {
        let long = String(repeating: "abcdefghij ", count: 200) + "end\nshort\n"
        #expect(try Self.textPart(long, eightBitMIME: true) == (.quotedPrintable, long))
        let longUTF8 = String(repeating: "ä", count: 600) + "\n"
        let (encoding, text) = try Self.textPart(longUTF8, eightBitMIME: true)
        #expect(encoding != .eightBit && text == longUTF8)
    }

    @Test func quotedPrintableKeepsTrailingSpacesEqualsSignsAndControls() throws {
        let tricky = "trailing space \ntrailing tab\t\n= and =3D and ==\nnul \u{0} and a lone \r in a line\nno end"
        let (encoding, text) = try Self.textPart(tricky)
        #expect(encoding == .quotedPrintable)
        // A message's last line ends in CRLF, so the text comes back with a line break at its end.
        #expect(text?.debugDescription == (tricky + "\n").debugDescription)
    }

    @Test func quotedPrintableLinesAreAtMost76() throws {
        let text = String(repeating: "x=ü and some plain words ", count: 200)
        let message = try Sample.build(Sample.spec { $0.text = text })
        let body = String(decoding: message.bytes, as: UTF8.self).split(separator: "\r\n\r\n", maxSplits: 1)[1]
        #expect(message.structure.transferEncoding == .quotedPrintable)
        for line in body.split(separator: "\r\n") { #expect(line.utf8.count <= 76, "\(line)") }
        #expect(try PythonReading.read(message).parts[0].text == text + "\n")
    }

    @Test func theBodyIsNeverDotStuffed() throws {
        let message = try Sample.build(Sample.spec { $0.text = ".\n..two\n" })
        #expect(String(decoding: message.bytes, as: UTF8.self).hasSuffix("\r\n\r\n.\r\n..two\r\n"))
    }
}
