import Foundation
import TestSupport
import Testing

/// Examples in the documentation that show commands and what they print are run, and what
/// they print compared, so the docs stay true. An example is a fenced block right after an
/// `<!-- example -->` line in the Markdown: each `$ COMMAND` line in it is run, in order, in
/// one shell with the built smtpc first on PATH (standard error joins standard output, as on
/// a terminal), and the lines after it are what it must print. A line `…` stands for any
/// number of lines; what varies between runs (ports, times, queue ids) is compared as a
/// placeholder.
@Suite(.serialized) struct DocumentationExampleTests {
    struct Example: CustomStringConvertible {
        let file: String
        let line: Int
        /// The block: `$ ` lines and the output after each.
        let block: [String]
        var commands: [String] { block.filter { $0.hasPrefix("$ ") }.map { String($0.dropFirst(2)) } }
        var description: String { "\(file):\(line)" }
    }

    static let marker = "<!-- example -->"

    static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: Binary.packageRoot.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    static func examples() -> [Example] {
        var found: [Example] = []
        for document in documents {
            let url = Binary.packageRoot.appendingPathComponent(document)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line == marker {
                let block =
                    index + 1 < lines.count && lines[index + 1].hasPrefix("```")
                    ? lines[(index + 2)...].prefix { !$0.hasPrefix("```") } : []
                found.append(Example(file: document, line: index + 1, block: Array(block)))
            }
        }
        return found
    }

    /// What varies from run to run, as placeholders: ports, milliseconds, timestamps, the
    /// practice certificate's expiry (it is made at start) and queue ids.
    static func normalised(_ line: String) -> String {
        line.replacing(/127\.0\.0\.1:\d+/, with: "127.0.0.1:PORT")
            .replacing(/\b\d+\.\d ms\b/, with: "N ms")
            .replacing(/\ \d+ ms\b/, with: " N ms")
            .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, with: "TIME")
            .replacing(/expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/, with: "expires DATE")
            .replacing(/queued as [A-Z0-9]+/, with: "queued as ID")
            .replacing(/\b[A-Z0-9]{6,} \((postfix|exim|gmail|microsoft|sendmail)\)/, with: "ID (queue)")
            .replacing(/header\.b=[A-Za-z0-9+\/]{8}/, with: "header.b=SIGNATURE")
    }

    /// Whether `printed` is what `expected` shows, a `…` line standing for any lines.
    static func matches(_ printed: ArraySlice<String>, _ expected: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return printed.isEmpty }
        if first.trimmingCharacters(in: .whitespaces) == "…" {
            return (printed.startIndex...printed.endIndex).contains { matches(printed[$0...], expected.dropFirst()) }
        }
        guard let line = printed.first, normalised(line) == normalised(first) else { return false }
        return matches(printed.dropFirst(), expected.dropFirst())
    }

    /// `text` quoted for the shell.
    static func quoted(_ text: String) -> String { "'" + text.replacing("'", with: "'\\''") + "'" }

    @Test func theREADMEAndTheGuideHaveRunnableExamples() {
        let examples = Self.examples()
        #expect(examples.allSatisfy { !$0.commands.isEmpty }, "an example marker without a block of $ lines")
        let files = Set(examples.map(\.file))
        #expect(files.isSuperset(of: ["README.md", "docs/guide.md", "docs/user-guide.md"]), "marked examples in \(files)")
    }

    /// Every marked example, in the order of the documents (a tutorial's later steps use
    /// what the earlier ones made).
    @Test func everyDocumentedExamplePrintsWhatTheDocumentShows() throws {
        let directory = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        for example in Self.examples() {
            // Each command is shown as `$ COMMAND` first; its status survives that, for `echo $?`.
            let script =
                ["exec 2>&1", "status=0"]
                + example.commands.flatMap { ["printf '%s\\n' \(Self.quoted("$ " + $0))", "(exit $status)", $0, "status=$?"] }
            let result = try Binary.run(
                executable: "/bin/sh", ["-c", script.joined(separator: "\n")],
                environment: ["PATH": directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
            let printed = result.stdout.components(separatedBy: "\n").dropLast(result.stdout.hasSuffix("\n") ? 1 : 0)
            #expect(Self.matches(printed[...], example.block[...]), "\(example): printed\n\(result.stdout)")
        }
    }
}
