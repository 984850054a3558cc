import Foundation
import TestSupport
import Testing

/// smtpc(1), generated from the command-line definitions: it renders without a warning and
/// names every option `--help` shows, for the console and each subcommand.
@Suite(.serialized) struct ManualPageTests {
    /// The options a help text lists (`--record`, `-q`), in the order shown.
    private func options(inHelp help: String) -> [String] {
        let option = /^ {2}(?:(-[A-Za-z0-9]), )?(--?[A-Za-z0-9][A-Za-z0-9-]*)/
        return help.split(separator: "\n").compactMap { line in
            (try? option.prefixMatch(in: line)).map { String($0.output.2) }
        }
    }

    @Test func theManualRendersWithoutWarningsAndNamesEveryOption() throws {
        let generated = try Binary.run(["--generate-manual"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let directory = try makeTemporaryDirectory(prefix: "smtpc-man")
        let page = directory.appendingPathComponent("smtpc.1").path
        try generated.stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let rendered = try Binary.run(
            executable: "/usr/bin/man", ["--warnings", "-l", page],
            environment: ["MANWIDTH": "200", "LC_ALL": "C.UTF-8", "MANPAGER": "cat"])
        #expect(rendered.status == 0)
        #expect(rendered.stderr.isEmpty, "man warns: \(rendered.stderr)")
        let text = rendered.stdout

        for arguments in [["--help"], ["explain", "--help"], ["serve", "--help"], ["replay", "--help"], ["render", "--help"]] {
            let help = try Binary.run(arguments)
            let shown = options(inHelp: help.stdout).filter { $0 != "--help" && $0 != "--version" }
            #expect(shown.count >= 2, "\(arguments): \(help.stdout)")
            for option in shown {
                #expect(text.contains(option), "smtpc(1) does not mention \(option) of smtpc \(arguments.dropLast().joined())")
            }
        }
        for section in ["SYNOPSIS", "OPTIONS", "SUBCOMMANDS", "CONSOLE", "KEYS", "FILES", "ENVIRONMENT", "EXIT STATUS", "EXAMPLES"] {
            #expect(text.contains("\n" + section + "\n") || text.contains("\n   " + section + "\n"), "no \(section) section")
        }
        for words in ["/auth", "/send FILE", "SMTPC_PASSWORD", "config.toml", "password_command", "143"] {
            #expect(text.contains(words), "smtpc(1) does not mention \(words)")
        }
    }

    /// docs/reference.md is what `smtpc --generate-reference` writes from the definitions (`make docs`).
    @Test func theReferenceDocumentIsWhatTheDefinitionsSay() throws {
        let generated = try Binary.run(["--generate-reference"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let path = Binary.packageRoot.appendingPathComponent("docs/reference.md").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(generated.stdout == committed, "docs/reference.md is out of date: run make docs")
        for words in ["## Meta-commands", "`/auth", "## Environment", "`SMTPC_TOKEN`", "## Exit status", "| 143 |", "--quiet`"] {
            #expect(committed.contains(words), "docs/reference.md lacks \(words)")
        }
    }
}
