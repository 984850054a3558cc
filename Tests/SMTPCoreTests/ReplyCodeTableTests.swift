import Testing

@testable import SMTPCore

@Suite("Reply-code table: shape, content and context meanings")
struct ReplyCodeTableTests {
    @Test("rows are sorted by code with no duplicates")
    func sortedAndUnique() {
        let codes = ReplyCodeTable.all.map(\.code)
        #expect(!codes.isEmpty)
        #expect(zip(codes, codes.dropFirst()).allSatisfy { $0 < $1 }, "codes: \(codes)")
    }

    @Test("every row is well-formed and fully filled in")
    func everyRowComplete() {
        for info in ReplyCodeTable.all {
            #expect(ReplyCodeTable.isWellFormed(info.code), "\(info.code)")
            #expect(isOneLine(info.description), "description of \(info.code)")
            #expect(isOneLine(info.explanation) && info.explanation.hasSuffix("."), "explanation of \(info.code)")
            #expect(info.explanation.count > info.description.count, "explanation of \(info.code) adds nothing")
            #expect(!info.references.isEmpty, "\(info.code) has no reference")
            for reference in info.references {
                #expect(isReference(reference), "\(info.code): bad reference \(reference)")
            }
            for (context, text) in info.contexts {
                #expect(isOneLine(text), "\(info.code) after \(context)")
                #expect(text != info.description, "\(info.code) after \(context) repeats the description")
            }
            #expect(ReplyCodeTable.info(for: info.code) == info)
        }
    }

    @Test(
        "the codes RFC 5321 and the common extensions use are all present",
        arguments: [
            200, 211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 432, 450, 451, 452, 454, 455,
            500, 501, 502, 503, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556,
        ]
    )
    func requiredCodePresent(code: Int) throws {
        let info = try #require(ReplyCodeTable.info(for: code))
        let meaning = ReplyCodeTable.meaning(of: code)
        #expect(!meaning.isDerived)
        #expect(meaning.summary == info.description)
        #expect(meaning.explanation == info.explanation)
        #expect(meaning.references == info.references)
    }

    @Test(
        "each code cites the RFC that defines it",
        arguments: [
            (200, "RFC 876"), (235, "RFC 4954 §4"), (334, "RFC 4954 §4"), (432, "RFC 4954 §6"),
            (454, "RFC 3207 §4"), (454, "RFC 4954 §6"), (530, "RFC 4954 §6"), (530, "RFC 3207 §4"),
            (534, "RFC 4954 §6"), (535, "RFC 4954 §6"), (538, "RFC 4954 §6"), (521, "RFC 7504"),
            (521, "RFC 1846"), (556, "RFC 7504"), (452, "RFC 1870"), (552, "RFC 1870"),
            (452, "RFC 5321 §4.5.3.1.10"), (252, "RFC 5321 §3.5.3"), (455, "RFC 5321 §4.1.1.11"),
            (555, "RFC 5321 §4.1.1.11"), (553, "RFC 6531"), (220, "RFC 3207 §4"), (502, "RFC 5321 §4.2.4"),
        ]
    )
    func citesDefiningRFC(code: Int, reference: String) throws {
        let info = try #require(ReplyCodeTable.info(for: code))
        #expect(info.references.contains(reference), "\(code): \(info.references)")
    }

    @Test("250 means something different after EHLO, RCPT and the final dot")
    func twoFiftyInContext() {
        let afterEHLO = ReplyCodeTable.meaning(of: 250, after: .ehlo).summary
        let afterRCPT = ReplyCodeTable.meaning(of: 250, after: .rcptTo).summary
        let afterDot = ReplyCodeTable.meaning(of: 250, after: .endOfData).summary
        #expect(Set([afterEHLO, afterRCPT, afterDot]).count == 3)
        #expect(afterEHLO.contains("extensions"))
        #expect(afterRCPT.contains("Recipient accepted"))
        #expect(afterDot.contains("Message accepted"))
        let plain = ReplyCodeTable.meaning(of: 250)
        #expect(plain.summary == "Requested mail action okay, completed")
        for summary in [afterEHLO, afterRCPT, afterDot] {
            #expect(summary != plain.summary)
        }
    }

    @Test(
        "codes tied to one command say so in that context",
        arguments: [
            (354, ReplyContext.data, "end it with a line containing only"),
            (334, .auth, "base64"),
            (220, .greeting, "Greeting"),
            (220, .startTLS, "handshake"),
            (221, .quit, "QUIT"),
            (535, .authResponse, "password"),
            (554, .greeting, "No SMTP service"),
            (554, .data, "No valid recipients"),
            (501, .startTLS, "no parameters"),
            (502, .ehlo, "HELO"),
        ]
    )
    func contextSpecificMeaning(code: Int, context: ReplyContext, fragment: String) {
        let meaning = ReplyCodeTable.meaning(of: code, after: context)
        #expect(meaning.summary.contains(fragment), "\(code) after \(context): \(meaning.summary)")
        #expect(meaning.summary != meaning.description)
        #expect(!meaning.isDerived)
    }

    @Test("220 as a greeting and 220 after STARTTLS read differently")
    func greetingVersusStartTLS() {
        let greeting = ReplyCodeTable.meaning(of: 220, after: .greeting).summary
        let startTLS = ReplyCodeTable.meaning(of: 220, after: .startTLS).summary
        #expect(greeting != startTLS)
    }

    @Test(
        "without a context entry the summary falls back to the description",
        arguments: [(503, ReplyContext.vrfy), (250, .quit), (421, .other), (552, .help), (200, .noop)]
    )
    func fallsBackToDescription(code: Int, context: ReplyContext) throws {
        let info = try #require(ReplyCodeTable.info(for: code))
        #expect(info.contexts[context] == nil)
        let meaning = ReplyCodeTable.meaning(of: code, after: context)
        #expect(meaning.summary == info.description)
        #expect(meaning.description == info.description)
        #expect(!meaning.isDerived)
    }

    @Test("a code the table does not list gets a derived meaning even with a context")
    func unknownCodeWithContext() {
        #expect(ReplyCodeTable.info(for: 299) == nil)
        let meaning = ReplyCodeTable.meaning(of: 299, after: .ehlo)
        #expect(meaning.isDerived)
        #expect(meaning == ReplyCodeTable.derivedMeaning(of: 299))
    }

    /// Non-empty, without line breaks, and without padding at either end.
    private func isOneLine(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(where: \.isNewline)
            && text.first?.isWhitespace == false && text.last?.isWhitespace == false
    }

    /// `RFC n` or `RFC n §a.b.c`.
    private func isReference(_ text: String) -> Bool {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0] == "RFC", Int(parts[1]) != nil else { return false }
        guard parts.count == 3 else { return true }
        let section = parts[2]
        guard section.hasPrefix("§") else { return false }
        let numbers = section.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return !numbers.isEmpty && numbers.allSatisfy { Int($0) != nil }
    }
}
