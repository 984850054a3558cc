import Testing

@testable import SMTPCore

@Suite("Reply codes: well-formedness and meanings derived from the digits")
struct ReplyCodeDerivedTests {
    @Test(
        "well-formed means 2xx–5xx with a second digit of 0–5",
        arguments: [
            (200, true), (211, true), (259, true), (299, false), (260, false), (355, true), (429, true),
            (599, false), (598, false), (545, true), (555, true), (199, false), (100, false), (600, false), (0, false),
            (-250, false), (25, false), (2500, false), (550, true), (565, false),
        ]
    )
    func wellFormed(code: Int, expected: Bool) {
        #expect(ReplyCodeTable.isWellFormed(code) == expected)
    }

    @Test(
        "unknown codes are explained by class and category, and marked as derived",
        arguments: [
            (299, "positive completion", "unknown category 9"),
            (259, "positive completion", "mail system"),
            (429, "transient negative completion", "connections"),
            (331, "positive intermediate", "unspecified"),
            (517, "permanent negative completion", "information"),
            (598, "permanent negative completion", "unknown category 9"),
            (270, "positive completion", "unknown category 7"),
        ]
    )
    func derivedFromDigits(code: Int, className: String, category: String) {
        #expect(ReplyCodeTable.info(for: code) == nil)
        let meaning = ReplyCodeTable.meaning(of: code)
        #expect(meaning.isDerived)
        #expect(meaning.code == code)
        #expect(meaning.summary == meaning.description)
        #expect(meaning.summary.contains(className), "\(code): \(meaning.summary)")
        #expect(meaning.summary.contains(category), "\(code): \(meaning.summary)")
        #expect(meaning.explanation.contains("derived from its digits"))
        #expect(meaning.explanation.contains("category"))
        #expect(meaning.references.contains("RFC 5321 §4.2.1"))
    }

    @Test("a derived meaning says what to do according to the first digit")
    func adviceFollowsClass() {
        #expect(ReplyCodeTable.derivedMeaning(of: 429).explanation.contains("may succeed if repeated later"))
        #expect(ReplyCodeTable.derivedMeaning(of: 598).explanation.contains("should not be repeated unchanged"))
        #expect(ReplyCodeTable.derivedMeaning(of: 598).explanation.contains("malformed"))
    }

    @Test("a first digit outside 2–5 is not a reply class", arguments: [199, 150, 600, 777, 999])
    func invalidClass(code: Int) {
        let meaning = ReplyCodeTable.meaning(of: code)
        #expect(meaning.isDerived)
        #expect(meaning.summary == "Not a valid reply class: first digit \(code / 100)")
        #expect(meaning.explanation.contains("fatal error"))
    }

    @Test("1yz is explained as FTP's preliminary class")
    func preliminaryClass() {
        #expect(ReplyCodeTable.derivedMeaning(of: 150).explanation.contains("1yz"))
    }

    @Test("numbers that are not three digits long", arguments: [-1, 0, 42, 99, 1000, Int.max, Int.min])
    func notThreeDigits(code: Int) {
        let meaning = ReplyCodeTable.meaning(of: code, after: .rcptTo)
        #expect(meaning.isDerived)
        #expect(meaning.summary == "Not a three-digit reply code")
        #expect(meaning.references == ["RFC 5321 §4.2"])
    }

    @Test("derivedMeaning also works for codes the table lists")
    func derivedForKnownCode() {
        let meaning = ReplyCodeTable.derivedMeaning(of: 550)
        #expect(meaning.isDerived)
        #expect(meaning.summary.contains("permanent negative completion"))
        #expect(meaning.summary.contains("mail system"))
        #expect(!ReplyCodeTable.meaning(of: 550).isDerived)
    }

    @Test("every number from -5 to 1005 gets a complete meaning")
    func sweep() {
        for code in -5...1005 {
            let meaning = ReplyCodeTable.meaning(of: code)
            #expect(meaning.code == code)
            #expect(!meaning.summary.isEmpty && !meaning.explanation.isEmpty && !meaning.references.isEmpty)
            #expect(meaning.isDerived == (ReplyCodeTable.info(for: code) == nil))
        }
    }
}
