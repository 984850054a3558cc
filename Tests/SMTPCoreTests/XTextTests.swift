import Testing

@testable import SMTPCore

/// xtext (RFC 3461 §4) and the utf-8-addr-xtext of RFC 6533.
@Suite struct XTextTests {
    @Test func everyByteRoundTrips() throws {
        let all = (0...255).map(UInt8.init)
        let encoded = XText.encode(all)
        #expect(try XText.decode(encoded) == all)
        for byte in all {
            let one = XText.encode([byte])
            #expect(try XText.decode(one) == [byte], "byte \(byte) as \(one)")
            // Only xchars stand for themselves; every other byte takes three characters.
            let plain = (33...126).contains(byte) && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "=")
            #expect(one.utf8.count == (plain ? 1 : 3), "byte \(byte) as \(one)")
            #expect(one.utf8.allSatisfy { (33...126).contains($0) && $0 != UInt8(ascii: "=") })
        }
    }

    @Test func encodingExamples() {
        #expect(XText.encode("bob+tag@example.org") == "bob+2Btag@example.org")
        #expect(XText.encode("a=b c") == "a+3Db+20c")
        #expect(XText.encode("QQ-42\u{7F}") == "QQ-42+7F")
        #expect(XText.encode("é") == "+C3+A9")
        #expect(XText.encode("") == "")
    }

    @Test func decodingRefusesWhatIsNotXText() {
        #expect(throws: DSNError.invalidXText("a+2b", reason: "“+” must be followed by two upper-case hex digits")) {
            try XText.decode("a+2b")
        }
        #expect(throws: DSNError.self) { try XText.decode("abc+") }
        #expect(throws: DSNError.self) { try XText.decode("abc+4") }
        #expect(throws: DSNError.self) { try XText.decode("+GG") }
        #expect(throws: DSNError.invalidXText("a=b", reason: "“=” must be written +3D")) { try XText.decode("a=b") }
        #expect(throws: DSNError.invalidXText("a b", reason: "byte 32 must be written +20")) { try XText.decode("a b") }
        #expect(throws: DSNError.self) { try XText.decode("é") }
    }

    @Test func errorTextsNameTheRFC() {
        let error = DSNError.invalidXText("a=b", reason: "“=” must be written +3D")
        #expect(error.description == "“a=b” is not xtext: “=” must be written +3D (RFC 3461 §4).")
    }

    @Test func utf8AddressXText() {
        #expect(XText.utf8AddressXText("ascii@example.org") == "ascii@example.org")
        #expect(XText.utf8AddressXText("用户@例子.广告") == "\\x{7528}\\x{6237}@\\x{4F8B}\\x{5B50}.\\x{5E7F}\\x{544A}")
        #expect(XText.utf8AddressXText("josé@example.org") == "jos\\x{E9}@example.org")
        // The characters xtext would escape, and the backslash that starts an escape here.
        #expect(XText.utf8AddressXText("a+b=c\\d e") == "a\\x{2B}b\\x{3D}c\\x{5C}d\\x{20}e")
        #expect(XText.utf8AddressXText("\u{1}😀") == "\\x{01}\\x{1F600}")
        // The result is valid xtext, so it needs no second encoding.
        #expect(XText.encode(XText.utf8AddressXText("Ünïcödé+@x")) == XText.utf8AddressXText("Ünïcödé+@x"))
    }
}
