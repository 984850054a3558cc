import Foundation
import Testing

@testable import SMTPCore

/// The 24 rows of the reference page the product grew from, copied here so the test
/// stands on its own. Descriptions are byte for byte as on the page.
private let referenceRows: [(code: Int, description: String)] = [
    (200, "Success (see RFC 876)"),
    (211, "System status, or system help reply"),
    (214, "Help message"),
    (220, "Service ready"),
    (221, "Service closing transmission channel"),
    (250, "Requested mail action okay, completed"),
    (251, "User not local"),
    (354, "Start mail input; end with <CRLF>.<CRLF>"),
    (421, "Service not available, closing transmission channel"),
    (450, "Requested mail action not taken: mailbox unavailable"),
    (451, "Requested action aborted: local error in processing"),
    (452, "Requested action not taken: insufficient system storage"),
    (500, "Syntax error, command unrecognised"),
    (501, "Syntax error in parameters or arguments"),
    (502, "Command not implemented"),
    (503, "Bad sequence of commands"),
    (504, "Command parameter not implemented"),
    (521, "Domain does not accept mail (see RFC 1846)"),
    (530, "Access denied"),
    (550, "Requested action not taken: mailbox unavailable"),
    (551, "User not local"),
    (552, "Requested mail action aborted: exceeded storage allocation"),
    (553, "Requested action not taken: mailbox name not allowed"),
    (554, "Transaction failed"),
]

/// The reference page itself, when the checkout has `shared/` beside it (as CI does).
private enum ReferencePage {
    /// `seed-reference.md` next to the package root or one level further up, if present.
    static let url: URL? = {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // SMTPCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        let candidates = [
            root.appendingPathComponent("../shared/seed-reference.md"),
            root.appendingPathComponent("../../shared/seed-reference.md"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// The `| code | description |` rows of the page's table, in order.
    static func rows(of text: String) -> [(code: Int, description: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), trimmed.count > 2 else { return nil }
            let cells = trimmed.dropFirst().dropLast()
                .split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[0].count == 3, let code = Int(cells[0]) else { return nil }
            return (code, cells[1])
        }
    }
}

@Suite("Reply-code table: the 24 reference rows")
struct ReplyCodeSeedTests {
    @Test("every reference row is in the table with its description verbatim")
    func referenceRowsVerbatim() throws {
        #expect(referenceRows.count == 24)
        for row in referenceRows {
            let info = try #require(ReplyCodeTable.info(for: row.code), "missing \(row.code)")
            #expect(info.description == row.description)
            // `==` on String compares canonically; the page's text must also match byte for byte.
            #expect(info.description.utf8.elementsEqual(row.description.utf8), "bytes of \(row.code)")
            #expect(info.isFromReferencePage, "\(row.code) should be marked as a reference row")
        }
    }

    @Test("exactly the 24 reference codes are marked as coming from the page")
    func onlyReferenceRowsMarked() {
        let marked = ReplyCodeTable.all.filter(\.isFromReferencePage).map(\.code)
        #expect(marked == referenceRows.map(\.code))
    }

    @Test(
        "the table matches the reference page on disk",
        .enabled(if: ReferencePage.url != nil, "shared/seed-reference.md not beside this checkout")
    )
    func matchesReferencePageOnDisk() throws {
        let url = try #require(ReferencePage.url)
        let rows = ReferencePage.rows(of: try String(contentsOf: url, encoding: .utf8))
        #expect(rows.count == 24)
        #expect(rows.map(\.code) == referenceRows.map(\.code))
        for row in rows {
            #expect(ReplyCodeTable.info(for: row.code)?.description == row.description, "row \(row.code)")
        }
    }

    @Test("where the page's wording differs from RFC 5321, the RFC's meaning is in the explanation")
    func rfcWordingInExplanation() throws {
        let notLocalForward = try #require(ReplyCodeTable.info(for: 251))
        #expect(notLocalForward.description == "User not local")
        #expect(notLocalForward.explanation.contains("will forward to <forward-path>"))
        let notLocalTry = try #require(ReplyCodeTable.info(for: 551))
        #expect(notLocalTry.description == "User not local")
        #expect(notLocalTry.explanation.contains("please try <forward-path>"))
        let greeting = try #require(ReplyCodeTable.info(for: 554))
        #expect(greeting.explanation.contains("no SMTP service"))
    }
}
