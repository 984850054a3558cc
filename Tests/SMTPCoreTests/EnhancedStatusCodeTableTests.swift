import Testing

@testable import SMTPCore

/// Every code of the IANA "SMTP Enhanced Status Codes" registry, written out here on
/// its own (not derived from the table), as "subject.detail".
///
/// X.0.0; X.1.0–X.1.10; X.2.0–X.2.4; X.3.0–X.3.6; X.4.0–X.4.7; X.5.0–X.5.6;
/// X.6.0–X.6.10; X.7.0–X.7.30.
private let registeredCodes: [String] = [
    "0.0",
    "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10",
    "2.0", "2.1", "2.2", "2.3", "2.4",
    "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
    "4.0", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7",
    "5.0", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6",
    "6.0", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10",
    "7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.10",
    "7.11", "7.12", "7.13", "7.14", "7.15", "7.16", "7.17", "7.18", "7.19", "7.20",
    "7.21", "7.22", "7.23", "7.24", "7.25", "7.26", "7.27", "7.28", "7.29", "7.30",
]

@Suite("Enhanced status code table")
struct EnhancedStatusCodeTableTests {
    @Test("the independent list has 81 distinct codes")
    func listIsSane() {
        #expect(registeredCodes.count == 81)
        #expect(Set(registeredCodes).count == registeredCodes.count)
    }

    @Test("every registered code is in the table", arguments: registeredCodes)
    func registeredCodeIsPresent(code: String) throws {
        let parts = code.split(separator: ".").compactMap { Int($0) }
        try #require(parts.count == 2)
        let info = try #require(EnhancedStatusCodeTable.info(subject: parts[0], detail: parts[1]))
        #expect(info.subject == parts[0] && info.detail == parts[1])
    }

    @Test("the table has nothing beyond the registry, and no duplicates")
    func nothingExtra() {
        let inTable = EnhancedStatusCodeTable.all.map { "\($0.subject).\($0.detail)" }
        #expect(inTable.count == Set(inTable).count)
        #expect(Set(inTable) == Set(registeredCodes))
    }

    @Test("all is sorted by subject, then detail")
    func sorted() {
        let keys = EnhancedStatusCodeTable.all.map { [$0.subject, $0.detail] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(EnhancedStatusCodeTable.all.first.map { "\($0.subject).\($0.detail)" } == "0.0")
        #expect(EnhancedStatusCodeTable.all.last.map { "\($0.subject).\($0.detail)" } == "7.30")
    }

    @Test("every entry has a title, an explanation of 1–3 sentences, a reference and sane numbers")
    func entriesAreComplete() {
        for e in EnhancedStatusCodeTable.all {
            let name = "X.\(e.subject).\(e.detail)"
            #expect(!e.title.isEmpty, "\(name) has no title")
            #expect(e.title.count <= 80, "\(name): title is not short")
            #expect(!e.explanation.isEmpty, "\(name) has no explanation")
            // "e.g. " is not the end of a sentence.
            let sentences = e.explanation.replacing("e.g. ", with: "eg ").split(separator: ". ").count
            #expect((1...3).contains(sentences), "\(name): \(sentences) sentences")
            #expect(!e.references.isEmpty, "\(name) has no reference")
            #expect(e.references.allSatisfy { $0.hasPrefix("RFC ") || $0.hasPrefix("draft-") })
            #expect(!e.classes.isEmpty && e.classes.allSatisfy { [2, 4, 5].contains($0) }, "\(name) classes")
            #expect(e.classes == e.classes.sorted() && Set(e.classes).count == e.classes.count)
            #expect(e.basicCodes.allSatisfy { (200...599).contains($0) }, "\(name) basic codes")
        }
    }

    @Test("a basic code's class is always among the entry's classes")
    func basicCodesAgreeWithClasses() {
        for e in EnhancedStatusCodeTable.all {
            for basic in e.basicCodes {
                // 3xx basic codes never carry an enhanced code; the rest must match a class.
                #expect(e.classes.contains(basic / 100), "X.\(e.subject).\(e.detail) with \(basic)")
            }
        }
    }

    @Test(
        "registry facts a user relies on",
        arguments: [
            (1, 1, "Bad destination mailbox address", "RFC 3463 §3.2"),
            (1, 10, "Recipient address has null MX", "RFC 7505"),
            (3, 6, "Requested priority was changed", "RFC 6710"),
            (5, 6, "Authentication Exchange line is too long", "RFC 4954"),
            (6, 7, "Non-ASCII addresses not permitted for that sender/recipient", "RFC 6531"),
            (7, 13, "User account disabled", "RFC 5248"),
            (7, 17, "Mailbox owner has changed", "RFC 7293"),
            (7, 25, "Reverse DNS validation failed", "RFC 7372 §3"),
            (7, 27, "Sender address has null MX", "RFC 7505"),
            (7, 29, "ARC validation failure", "RFC 8617 §5.2.2"),
            (7, 30, "REQUIRETLS support required", "RFC 8689"),
        ])
    func knownFacts(subject: Int, detail: Int, title: String, reference: String) throws {
        let info = try #require(EnhancedStatusCodeTable.info(subject: subject, detail: detail))
        #expect(info.title == title)
        #expect(info.references.contains(reference))
    }

    @Test("classes and subjects cover 2, 4, 5 and 0…7, each fully described")
    func classesAndSubjects() {
        #expect(EnhancedStatusCodeTable.classes.map(\.statusClass) == [2, 4, 5])
        #expect(EnhancedStatusCodeTable.subjects.map(\.subject) == Array(0...7))
        for c in EnhancedStatusCodeTable.classes {
            #expect(!c.title.isEmpty && !c.explanation.isEmpty && !c.references.isEmpty)
        }
        for s in EnhancedStatusCodeTable.subjects {
            #expect(!s.title.isEmpty && !s.explanation.isEmpty && !s.references.isEmpty)
        }
    }

    @Test("a registered code's meaning names its class and its title")
    func meaningOfRegisteredCode() throws {
        let meaning = EnhancedStatusCodeTable.meaning(of: try #require(EnhancedStatusCode("5.1.1")))
        #expect(meaning.summary == "Permanent failure: Bad destination mailbox address")
        #expect(meaning.classInfo?.statusClass == 5)
        #expect(meaning.subjectInfo?.subject == 1)
        #expect(meaning.info?.title == "Bad destination mailbox address")

        let transient = EnhancedStatusCodeTable.meaning(of: try #require(EnhancedStatusCode("4.2.2")))
        #expect(transient.summary.contains("Persistent transient failure"))
        #expect(transient.summary.contains("Mailbox full"))

        let success = EnhancedStatusCodeTable.meaning(of: try #require(EnhancedStatusCode("2.0.0")))
        #expect(success.summary.hasPrefix("Success"))
    }

    @Test("an unregistered detail still gets its class and subject")
    func meaningOfUnregisteredDetail() throws {
        let meaning = EnhancedStatusCodeTable.meaning(of: try #require(EnhancedStatusCode("5.1.99")))
        #expect(meaning.info == nil)
        #expect(meaning.classInfo?.title == "Permanent failure")
        #expect(meaning.subjectInfo?.title == "Addressing status")
        #expect(meaning.summary.contains("Permanent failure"))
        #expect(meaning.summary.contains("Addressing status"))
        #expect(meaning.summary.contains("99"))
    }

    @Test("an unregistered subject still gets its class")
    func meaningOfUnregisteredSubject() throws {
        let meaning = EnhancedStatusCodeTable.meaning(of: try #require(EnhancedStatusCode("4.9.1")))
        #expect(meaning.info == nil && meaning.subjectInfo == nil)
        #expect(meaning.classInfo?.statusClass == 4)
        #expect(meaning.summary.hasPrefix("Persistent transient failure"))
        #expect(meaning.summary.contains("subject 9"))
    }

    @Test("looking up a code that is not registered gives nil")
    func lookupMisses() {
        #expect(EnhancedStatusCodeTable.info(subject: 1, detail: 11) == nil)
        #expect(EnhancedStatusCodeTable.info(subject: 7, detail: 31) == nil)
        #expect(EnhancedStatusCodeTable.info(subject: 8, detail: 0) == nil)
        #expect(EnhancedStatusCodeTable.info(subject: 0, detail: 1) == nil)
    }
}
