import Testing

@testable import SMTPCore

/// `/raw` escapes and the base64 codec.
@Suite struct EscapeRawAndBase64Tests {
    @Test func rawEscapesBecomeBytes() throws {
        #expect(try RawEscapes.decode("EHLO x\\r\\n") == Array("EHLO x\r\n".utf8))
        #expect(try RawEscapes.decode("a\\tb\\\\c") == [0x61, 0x09, 0x62, 0x5C, 0x63])
        #expect(try RawEscapes.decode("\\x00\\xFF\\x1b\\x7f") == [0x00, 0xFF, 0x1B, 0x7F])
        #expect(try RawEscapes.decode("MAIL FROM:<a@b>\\n") == Array("MAIL FROM:<a@b>\n".utf8))
        #expect(try RawEscapes.decode("é") == [0xC3, 0xA9])
        #expect(try RawEscapes.decode("") == [])
    }

    @Test func badEscapesAreClearErrors() {
        #expect(throws: RawEscapes.DecodingError.self) { try RawEscapes.decode("abc\\") }
        #expect(rawError("ab\\q") == "Unknown escape \\q at position 3; use \\r \\n \\t \\\\ or \\xHH.")
        #expect(rawError("\\xG1") == "\\x needs two hex digits (\\x00 to \\xff), got 'G1' at position 1.")
        #expect(rawError("12\\x4") == "\\x needs two hex digits (\\x00 to \\xff), got '4' at position 3.")
        #expect(rawError("x\\é")?.contains("Unknown escape \\é") == true)
        #expect(rawError("abc\\")?.contains("lone backslash") == true)
    }

    @Test func rawBytesGetWarningsForLineEndings() {
        #expect(RawEscapes.warnings(for: Array("NOOP\r\n".utf8)) == [])
        #expect(
            RawEscapes.warnings(for: Array("NOOP\nNOOP\r\n".utf8)) == [
                "Bare LF at byte 5: SMTP lines end with CRLF; servers differ on this."
            ])
        #expect(
            RawEscapes.warnings(for: Array("NO\rOP\r\n".utf8)) == ["Bare CR at byte 3: SMTP lines end with CRLF; servers differ on this."])
        #expect(RawEscapes.warnings(for: Array("NOOP".utf8)) == ["Nothing ends the line: the server waits for the rest (add \\r\\n)."])
        #expect(
            RawEscapes.warnings(for: [0x4E, 0x00, 0x0D, 0x0A]) == ["The bytes contain NUL, which RFC 5321 does not allow in commands."])
    }

    private func rawError(_ text: String) -> String? {
        do {
            _ = try RawEscapes.decode(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// RFC 4648 §10 test vectors.
    static let vectors = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func base64MatchesRFC4648(plain: String, encoded: String) throws {
        #expect(Base64.encode(plain) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func base64RoundTripsEveryByteValue() throws {
        let bytes = (0...255).map { UInt8($0) }
        for length in [0, 1, 2, 3, 254, 255, 256] {
            let slice = Array(bytes.prefix(length))
            #expect(try Base64.decode(Base64.encode(slice)) == slice)
        }
        // A SASL PLAIN answer: authzid NUL user NUL password.
        #expect(Base64.encode([0] + Array("bob".utf8) + [0] + Array("secret".utf8)) == "AGJvYgBzZWNyZXQ=")
    }

    @Test func base64AcceptsMissingPaddingButNothingElse() throws {
        #expect(try Base64.decode("Zm8") == Array("fo".utf8))
        #expect(try Base64.decode("Zg") == Array("f".utf8))
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zm8", strict: true) }
        #expect(try Base64.decode("Zm8=", strict: true) == Array("fo".utf8))
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zm9v Yg==") }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zm9vY") }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zg=a") }
        do {
            _ = try Base64.decode("VXNl\u{1b}cm5hbWU6")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.description == "Not base64: '\\x1b' at position 5.")
        }
    }
}
