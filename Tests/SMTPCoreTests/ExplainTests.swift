import Testing

@testable import SMTPCore

@Suite struct ExplainTests {
    @Test func parsesTheAcceptedForms() {
        #expect(ExplainQuery("550") == .reply(550))
        #expect(ExplainQuery("5.1.1") == .enhanced(EnhancedStatusCode(statusClass: 5, subject: 1, detail: 1)))
        #expect(ExplainQuery("X.7.1") == .enhancedAnyClass(subject: 7, detail: 1))
        #expect(ExplainQuery("x.7.1") == .enhancedAnyClass(subject: 7, detail: 1))
    }

    @Test(arguments: ["", "55", "5500", "650", "abc", "5.1", "9.1.1", "X.7", "X.a.1", "550x", "1.0.0"])
    func rejectsMalformedArguments(_ argument: String) {
        #expect(ExplainQuery(argument) == nil)
    }

    @Test func replyCodeTextHasDescriptionExplanationAndReference() throws {
        let text = Explainer.text(for: .reply(550))
        let info = try #require(ReplyCodeTable.info(for: 550))
        #expect(text.hasPrefix("550  Requested action not taken: mailbox unavailable"))
        #expect(text.contains(info.explanation))
        #expect(text.contains("Reference: " + info.references.joined(separator: ", ")))
    }

    @Test func contextMeaningsAreListed() throws {
        let info = try #require(ReplyCodeTable.info(for: 250))
        let text = Explainer.text(for: .reply(250))
        for (context, meaning) in info.contexts {
            #expect(text.contains("After \(context.displayName): \(meaning)"))
        }
    }

    @Test func enhancedCodeTextNamesClassSubjectAndTitle() throws {
        let info = try #require(EnhancedStatusCodeTable.info(subject: 1, detail: 1))
        let text = Explainer.text(for: .enhanced(EnhancedStatusCode(statusClass: 5, subject: 1, detail: 1)))
        #expect(text.hasPrefix("5.1.1  "))
        #expect(text.contains(info.title))
        #expect(text.contains(info.explanation))
        #expect(text.contains("Class 5"))
        #expect(text.contains("Subject 1"))
    }

    @Test func unknownCodesStillGetAMeaning() {
        let text = Explainer.text(for: .reply(299))
        #expect(text.hasPrefix("299  "))
        #expect(Explainer.text(for: .enhancedAnyClass(subject: 1, detail: 99)).contains("not a registered"))
    }

    @Test func referenceDocumentListsEveryCode() {
        let markdown = ReferenceDocument.markdown()
        for info in ReplyCodeTable.all {
            #expect(markdown.contains("| \(info.code)"))
        }
        for entry in EnhancedStatusCodeTable.all {
            #expect(markdown.contains("| X.\(entry.subject).\(entry.detail) |"))
        }
        #expect(markdown.contains("end with &lt;CRLF&gt;.&lt;CRLF&gt;"))
    }
}
