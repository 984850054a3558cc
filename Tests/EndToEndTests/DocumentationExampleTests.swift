import Foundation
import TestSupport
import Testing

/// Examples in the documentation that show a command and what it prints are run, and what
/// they print compared, so the docs stay true. An example is marked in the Markdown with
/// `<!-- example: COMMAND -->` right before its fenced block, which starts with `$ COMMAND`;
/// the command runs with the built smtpc first on PATH. What varies between runs (ports,
/// times, queue ids) is compared as a placeholder.
@Suite(.serialized) struct DocumentationExampleTests {
    struct Example: CustomStringConvertible {
        let file: String
        let command: String
        let expected: [String]
        var description: String { "\(file): \(command)" }
    }

    static let documents =
        ["README.md"]
        + ((try? FileManager.default.contentsOfDirectory(atPath: Binary.packageRoot.appendingPathComponent("docs").path)) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }

    static func examples() -> [Example] {
        var found: [Example] = []
        for document in documents {
            guard let text = try? String(contentsOf: Binary.packageRoot.appendingPathComponent(document), encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.hasPrefix("<!-- example: ") && line.hasSuffix(" -->") {
                let command = String(line.dropFirst("<!-- example: ".count).dropLast(" -->".count))
                guard index + 2 < lines.count, lines[index + 1].hasPrefix("```"), lines[index + 2] == "$ " + command else {
                    found.append(
                        Example(file: document, command: command, expected: ["(the block after the marker must start with $ COMMAND)"]))
                    continue
                }
                let block = lines[(index + 3)...].prefix { !$0.hasPrefix("```") }
                found.append(Example(file: document, command: command, expected: Array(block)))
            }
        }
        return found
    }

    /// What varies from run to run, as placeholders: ports, milliseconds, timestamps, the
    /// practice certificate's expiry (it is made at start) and queue ids.
    static func normalised(_ line: String) -> String {
        line.replacing(/127\.0\.0\.1:\d+/, with: "127.0.0.1:PORT")
            .replacing(/\ \d+ ms\b/, with: " N ms")
            .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, with: "TIME")
            .replacing(/expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/, with: "expires DATE")
            .replacing(/queued as [A-Z0-9]+/, with: "queued as ID")
    }

    @Test func theREADMEAndTheGuideHaveRunnableExamples() {
        let files = Set(Self.examples().map(\.file))
        #expect(files.contains("README.md") && files.contains("docs/guide.md"), "marked examples in \(files)")
    }

    /// Every marked example, in the order of the documents (a tutorial's later steps use
    /// what the earlier ones made).
    @Test func everyDocumentedExamplePrintsWhatTheDocumentShows() throws {
        let directory = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        for example in Self.examples() {
            let result = try Binary.run(
                executable: "/bin/sh", ["-c", example.command],
                environment: ["PATH": directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
            let printed = result.stdout.components(separatedBy: "\n").dropLast(result.stdout.hasSuffix("\n") ? 1 : 0)
            #expect(
                printed.map(Self.normalised) == example.expected.map(Self.normalised),
                "\(example): printed\n\(result.stdout)\(result.stderr)")
        }
    }
}
