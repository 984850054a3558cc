import Foundation
import TestSupport
import Testing

/// Examples in the documentation that show a command and what it prints are run, and what
/// they print compared, so the docs stay true. An example is marked in the Markdown with
/// `<!-- example: COMMAND -->` right before its fenced block, which starts with `$ COMMAND`;
/// the command runs with the built smtpc first on PATH. Ports and milliseconds are
/// compared as placeholders.
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

    /// Ports and times as placeholders: they differ from run to run.
    static func normalised(_ line: String) -> String {
        line.replacing(/127\.0\.0\.1:\d+/, with: "127.0.0.1:PORT").replacing(/\ \d+ ms\b/, with: " N ms")
    }

    @Test func theREADMEHasARunnableExample() {
        #expect(Self.examples().contains { $0.file == "README.md" }, "README.md shows no marked example")
    }

    @Test(arguments: examples())
    func aDocumentedExamplePrintsWhatTheDocumentShows(_ example: Example) throws {
        let directory = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        let result = try Binary.run(
            executable: "/bin/sh", ["-c", example.command],
            environment: ["PATH": directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        let printed = result.stdout.components(separatedBy: "\n").dropLast(result.stdout.hasSuffix("\n") ? 1 : 0).map(Self.normalised)
        #expect(printed == example.expected.map(Self.normalised), "\(example): printed\n\(result.stdout)\(result.stderr)")
    }
}
