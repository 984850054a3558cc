import Foundation
import SMTPProfiles
import Testing

@testable import smtpc

/// The table of the console's options (`ConsoleOptions.table`) against everything made from
/// it: the parser's declarations and model, the manual page, docs/reference.md and the
/// profile keys. The quick reading is compared with the parser line by line in `QuickReadingTests`.
@Suite struct OptionTableTests {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func eachKeyAndNameIsTheTablesOnce() {
        let keys = ConsoleOptions.table.map(\.key)
        let names = ConsoleOptions.table.flatMap(\.names)
        #expect(Set(keys).count == keys.count)
        #expect(Set(names).count == names.count)
        #expect(ConsoleOptions.table.filter(\.isPositional).map(\.key) == ["hostArgument", "portArgument"])
        for entry in ConsoleOptions.table {
            #expect(entry.isPositional == entry.names.isEmpty, "\(entry.key)")
            #expect(entry.names.allSatisfy { $0.hasPrefix("--") ? $0.count > 3 : $0.count == 2 }, "\(entry.key)")
            #expect((entry.valueName != nil) == (entry.takesValue && entry.isShown), "\(entry.key)")
        }
    }

    /// `ConsoleArguments` declares each entry by the line `ConsoleArguments.declaration(_:)`
    /// writes, in the table's order, and nothing else.
    @Test func theParsersDeclarationsAreWrittenFromTheTable() throws {
        let path = Self.root.appendingPathComponent("Sources/smtpc/ConsoleArguments.swift").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("The declarations, from `ConsoleOptions.table`") })
        let end = try #require(lines.firstIndex { $0.contains("End of the declarations.") })
        let expected = ConsoleOptions.table.map(ConsoleArguments.declaration)
        #expect(
            Array(lines[(start + 1)..<end]) == expected,
            "ConsoleArguments.swift's declarations should read:\n\(expected.joined(separator: "\n"))")
    }

    /// The parser's model (`--experimental-dump-help`, from which --help, the completions,
    /// smtpc(1) and docs/reference.md are made) holds every entry as the table says.
    @Test func theParsersModelIsTheTable() throws {
        let model = try QuickReadingTests.parserArguments().filter { argument in
            !(argument.names ?? []).contains { ["help", "version"].contains($0.name) }
        }
        try #require(model.count == ConsoleOptions.table.count)
        for (argument, entry) in zip(model, ConsoleOptions.table) {
            let names = (argument.names ?? []).map { ($0.kind == "long" ? "--" : "-") + $0.name }
            #expect(names == entry.names, "\(entry.key)")
            #expect(argument.kind == (entry.isPositional ? "positional" : entry.takesValue ? "option" : "flag"), "\(entry.key)")
            #expect(argument.isRepeating == entry.repeats, "\(entry.key)")
            #expect(argument.shouldDisplay == entry.isShown, "\(entry.key)")
            #expect((argument.abstract ?? "") == entry.help, "\(entry.key)")
            if entry.takesValue { #expect(argument.valueName == entry.valueName, "\(entry.key)") }
            switch entry.kind {
            case .number(_, let defaultValue): #expect(argument.defaultValue == "\(defaultValue)", "\(entry.key)")
            case .text(_, let defaultValue?): #expect(argument.defaultValue == defaultValue, "\(entry.key)")
            default: break
            }
        }
    }

    /// Each shown option has its row in smtpc(1) and in docs/reference.md, hidden ones none.
    @Test func theManualAndTheReferenceShowEachShownEntry() throws {
        let info = try JSONDecoder().decode(ManualPage.ToolInfo.self, from: Data(SmtpcCommand._dumpHelp().utf8)).command
        let manual = ManualPage.page(main: info, subcommands: [])
        let reference = try String(contentsOfFile: Self.root.appendingPathComponent("docs/reference.md").path, encoding: .utf8)
        for entry in ConsoleOptions.table {
            let value = (entry.valueName ?? "").uppercased()
            let term = entry.isPositional ? value : entry.names.joined(separator: ", ") + (entry.takesValue ? " \(value)" : "")
            let item =
                entry.isPositional
                ? "Ar \(value)"
                : entry.names.map { "Fl " + $0.dropFirst() + (entry.takesValue ? " Ar \(value)" : "") }
                    .joined(separator: " , ")
            let help = entry.help.replacing("|", with: "\\|")
            #expect(reference.contains("| `\(term.replacing("|", with: "\\|"))` | \(help)") == entry.isShown, "\(entry.key)")
            #expect(manual.contains(".It \(item)\n\(ManualPage.escape(entry.help))") == entry.isShown, "\(entry.key)")
        }
    }

    /// The profile keys: those that set an option, from the table, and the profile's own.
    @Test func theProfileKeysAreTheTablesAndTheProfilesOwn() {
        let marked = ConsoleOptions.table.compactMap(\.profileKey)
        #expect(Set(marked + ConsoleOptions.profileOnlyKeys) == Set(Profile.keys))
        #expect(Set(marked).isDisjoint(with: ConsoleOptions.profileOnlyKeys))
        #expect(marked.count + ConsoleOptions.profileOnlyKeys.count == Profile.keys.count)
    }

    /// A profile fills what the command line left out, by the table, and nothing it gave.
    @Test func aProfileFillsOnlyWhatTheCommandLineLeftOut() throws {
        var profile = Profile(name: "work", line: 1)
        profile.cafile = "/profile/ca.pem"
        profile.servername = "profile.example"
        profile.lmtp = true
        profile.user = "alice"
        var options = try #require(ConsoleOptions.quickReading(["--servername", "given.example", "h"]))
        options.applyProfileKeys(of: profile)
        #expect(options.cafile == "/profile/ca.pem" && options.servername == "given.example")
        #expect(options.lmtp && options.user == "alice" && options.ehlo == nil && options.cert == nil)
    }
}
