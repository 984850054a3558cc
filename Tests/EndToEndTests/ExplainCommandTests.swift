import Foundation
import SMTPCore
import TestSupport
import Testing

/// `smtpc explain`, run as a built binary.
@Suite struct ExplainCommandTests {
    @Test func explainsABasicAndAnEnhancedCode() throws {
        let result = try Binary.run(["explain", "550", "5.1.1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("550  Requested action not taken: mailbox unavailable"))
        #expect(result.stdout.contains("5.1.1  "))
        #expect(result.stdout.contains("Bad destination mailbox address"))
        #expect(result.stdout.contains("Reference: RFC 5321"))
        #expect(result.stdout.contains("Reference: RFC 3463"))
    }

    @Test func codesAloneAreReadWithoutTheParserAndSayTheSame() throws {
        // `--` sends the line to the parser; codes alone take the quick reading.
        let quick = try Binary.run(["explain", "550", "5.1.1", "X.7.1", "421"])
        let parsed = try Binary.run(["explain", "--", "550", "5.1.1", "X.7.1", "421"])
        #expect(quick.status == 0 && parsed.status == 0)
        #expect(quick.stdout == parsed.stdout)
        #expect(quick.stdout.components(separatedBy: "\n\n").count == 4, "four explanations, a blank line between them")
        #expect(quick.stderr.isEmpty)
    }

    @Test func explainsAnyClassForm() throws {
        let result = try Binary.run(["explain", "X.7.1"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("X.7.1  "))
    }

    @Test(arguments: ["55", "650", "5.1", "banana", "9.9.9"])
    func malformedCodeIsAUsageError(_ argument: String) throws {
        let result = try Binary.run(["explain", argument])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'\(argument)' is not a reply code"))
        #expect(result.stdout.isEmpty)
    }

    @Test func noCodeIsAUsageError() throws {
        let result = try Binary.run(["explain"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Give at least one code"))
    }

    @Test func allListsEveryCode() throws {
        let result = try Binary.run(["explain", "--all"])
        #expect(result.status == 0)
        for info in ReplyCodeTable.all {
            #expect(result.stdout.contains("\n\(info.code)  ") || result.stdout.hasPrefix("\(info.code)  "))
        }
        for entry in EnhancedStatusCodeTable.all {
            #expect(result.stdout.contains("X.\(entry.subject).\(entry.detail)  "))
        }
    }

    /// docs/reply-codes.md is generated from the table (`make docs`); this keeps them in sync.
    @Test func generatedReferenceDocumentIsUpToDate() throws {
        let result = try Binary.run(["explain", "--all", "--format", "markdown"])
        #expect(result.status == 0)
        let committed = try String(contentsOf: Binary.packageRoot.appendingPathComponent("docs/reply-codes.md"), encoding: .utf8)
        #expect(result.stdout == committed, "docs/reply-codes.md is out of date: run `make docs`")
    }
}
