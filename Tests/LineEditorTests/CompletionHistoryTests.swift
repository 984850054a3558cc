import Foundation
import TestSupport
import Testing

/// TAB completion and history across runs.
@Suite(.serialized)
struct CompletionHistoryTests {
    @Test func uniqueCandidateIsInserted() throws {
        let terminal = try DemoProgram.start()
        terminal.send("qu\t")
        #expect(terminal.enter("now", expecting: "QUIT now"))
    }

    @Test func severalCandidatesAreListedAndTheLineRedrawn() throws {
        let terminal = try DemoProgram.start()
        terminal.send("R\t")
        #expect(terminal.waitFor("RCPT  RSET"))
        // The typed line stays above the listing, so wait for the redraw below it: the
        // prompt and the half-typed word on the row right after the candidates.
        let redrawn = terminal.waitUntil { _ in
            let lines = terminal.screenLines
            guard let listing = lines.firstIndex(of: "RCPT  RSET"), listing + 1 < lines.count else { return false }
            return lines[listing + 1] == "demo[1]> R"
        }
        #expect(redrawn, "screen: \(terminal.screenLines.joined(separator: "\n"))")
        terminal.send("S\t")
        #expect(terminal.enter("x", expecting: "RSET x"))
    }

    @Test func commonPrefixReplacesTheWord() throws {
        let terminal = try DemoProgram.start()
        terminal.send("e\t")  // EHLO and EXPN share "E"
        #expect(terminal.waitFor("EHLO  EXPN"))
        terminal.send("H\t")
        #expect(terminal.enter("there", expecting: "EHLO there"))
    }

    @Test func historyPersistsAcrossRunsAndSkipsWhatTheCallerExcludes() throws {
        let directory = try PseudoTerminal.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/state/history"

        do {
            let first = try DemoProgram.start(["--history", file])
            #expect(first.enter("first command"))
            #expect(first.enter("private password123"))
            #expect(first.enter("second command"))
            first.sendEndOfFile()
            #expect(first.waitForExit(timeout: 20) == 0)
        }

        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.hasPrefix("_HiStOrY_V2_"))
        #expect(!saved.contains("password123"))

        let second = try DemoProgram.start(["--history", file])
        second.send("\u{1B}[A\u{1B}[A")  // up, up
        #expect(second.waitUntil { _ in second.screenLines.contains("demo[1]> first command") })
        #expect(second.enter("", expecting: "first command"))
    }
}
