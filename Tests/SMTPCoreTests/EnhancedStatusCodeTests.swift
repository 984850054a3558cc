import Testing

@testable import SMTPCore

/// Parsing enhanced status codes: whole strings (`init?`) and the start of reply text (`prefix(of:)`).
///
/// The rule under test is RFC 3463 §2: class "2"/"4"/"5", then "." subject "." detail,
/// each 1–3 digits without leading zeros, nothing else inside or around the code.
@Suite("Enhanced status code parsing")
struct EnhancedStatusCodeTests {
    @Test(
        "well-formed codes parse into their three numbers",
        arguments: [
            ("5.1.1", 5, 1, 1), ("2.0.0", 2, 0, 0), ("4.7.30", 4, 7, 30), ("5.999.999", 5, 999, 999),
            ("4.4.7", 4, 4, 7), ("2.6.10", 2, 6, 10),
        ])
    func parsesWellFormed(text: String, statusClass: Int, subject: Int, detail: Int) throws {
        let code = try #require(EnhancedStatusCode(text))
        #expect(code.statusClass == statusClass)
        #expect(code.subject == subject)
        #expect(code.detail == detail)
        #expect(code.description == text)
    }

    @Test(
        "anything that is not exactly one code is rejected",
        arguments: [
            "6.1.1",  // class must be 2, 4 or 5
            "3.1.1", "0.0.0",
            "5.1",  // too few parts
            "5..1", "5.1.", ".1.1", "5.1..1",
            "5.1.1x",  // trailing text
            "5.1.1 ",  // even a space: the whole string must be the code
            " 5.1.1",
            "05.1.1",  // leading zeros are not allowed anywhere
            "5.01.1", "5.1.01", "5.00.0",
            "5.1.1234",  // at most three digits
            "5.1234.1",
            "5.1.1.1", "55.1.1", "5,1,1", "", "X.1.1", "5.a.1", "5.1.-1", "٥.١.١",
        ])
    func rejectsMalformed(text: String) {
        #expect(EnhancedStatusCode(text) == nil)
    }

    @Test(
        "a code at the start of reply text is found with its byte length",
        arguments: [
            ("5.1.1 User unknown", "5.1.1", 5),
            ("5.1.1", "5.1.1", 5),
            ("2.0.0 Ok: queued as 4Fx", "2.0.0", 5),
            ("4.7.30 REQUIRETLS", "4.7.30", 6),
            ("5.123.456 x", "5.123.456", 9),
        ])
    func findsPrefix(text: String, expected: String, length: Int) throws {
        let found = try #require(EnhancedStatusCode.prefix(of: Array(text.utf8)))
        #expect(found.code.description == expected)
        #expect(found.length == length)
    }

    @Test(
        "reply text that does not start with a code followed by SP or its end has no code",
        arguments: [
            "User unknown", "5.1.1x Bad", "5.1.1234 too long", "5.1.1\tTab", "5.1.1-dash", "5.1 short",
            " 5.1.1 leading space", "6.1.1 wrong class", "05.1.1 zero", "5.1.01 zero", "", "5", "5.", "5.1.",
        ])
    func noPrefix(text: String) {
        #expect(EnhancedStatusCode.prefix(of: Array(text.utf8)) == nil)
    }

    @Test("prefix works on any byte collection, including a slice of a larger buffer")
    func prefixOnSlice() throws {
        let line = Array("550 5.7.1 Relaying denied".utf8)
        let text = line[4...]  // the text after "550 ", as the reply parser keeps it
        let found = try #require(EnhancedStatusCode.prefix(of: text))
        #expect(found.code == EnhancedStatusCode(statusClass: 5, subject: 7, detail: 1))
        #expect(found.length == 5)
    }

    @Test("arbitrary bytes never trap and never claim more than they hold")
    func randomBytesAreSafe() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789. 245x".utf8) + [0, 0xFF, 0x0D, 0x0A]
        for _ in 0..<2000 {
            let count = Int.random(in: 0...14, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
            if let found = EnhancedStatusCode.prefix(of: bytes) {
                #expect(found.length <= bytes.count)
                #expect(String(decoding: bytes.prefix(found.length), as: UTF8.self) == found.code.description)
            }
        }
    }

    @Test("codes order by class, then subject, then detail")
    func ordering() {
        let texts = ["5.1.10", "2.0.0", "5.1.2", "4.7.1", "5.0.0", "4.1.1"]
        let codes = texts.compactMap { EnhancedStatusCode($0) }
        #expect(codes.count == texts.count)
        let sorted = codes.sorted().map(\.description)
        #expect(sorted == ["2.0.0", "4.1.1", "4.7.1", "5.0.0", "5.1.2", "5.1.10"])
    }

    @Test("parsing and the memberwise initializer agree")
    func equality() {
        #expect(EnhancedStatusCode("4.2.2") == EnhancedStatusCode(statusClass: 4, subject: 2, detail: 2))
        #expect(EnhancedStatusCode("4.2.2") != EnhancedStatusCode(statusClass: 5, subject: 2, detail: 2))
    }

    @Test("a reply line's array and any other collection of the same bytes read alike")
    func arrayAndCollectionAgree() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("2459.0137 x".utf8)
        for length in 0...14 {
            for _ in 0..<400 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let fromArray = EnhancedStatusCode.prefix(of: bytes)
                let fromSlice = EnhancedStatusCode.prefix(of: bytes[...])
                #expect(fromArray?.code == fromSlice?.code && fromArray?.length == fromSlice?.length, "\(bytes)")
            }
        }
    }
}
