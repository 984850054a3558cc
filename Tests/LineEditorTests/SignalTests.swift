import Foundation
import TestSupport
import Testing

/// Suspend and resume, through a real terminal.
@Suite(.serialized)
struct SignalTests {
    @Test func suspendThenContinueKeepsEditing() throws {
        let terminal = try DemoProgram.start()
        terminal.send("before")
        #expect(terminal.waitFor("before"))
        settle()
        terminal.send("\u{1A}")  // Ctrl-Z; the demo's group is orphaned, so the stop is discarded
        settle()
        terminal.signal(SIGCONT)
        settle()
        #expect(terminal.enter(" after", expecting: "before after"))
    }

    @Test func jobControlShellSuspendsAndResumesTheEditor() throws {
        let shell = try PseudoTerminal(
            executable: "/bin/bash", arguments: ["--norc", "--noprofile", "-i"], environment: ["PS1": "$ "])
        #expect(shell.waitFor("$ "))
        shell.send(DemoProgram.path + "\r")
        #expect(shell.waitFor("demo[1]> "))
        shell.send("abc")
        #expect(shell.waitFor("abc"))
        settle()
        shell.send("\u{1A}")
        #expect(shell.waitFor("Stopped"))
        let mark = shell.screenText.count
        shell.send("fg\r")
        #expect(shell.waitFor("demo[1]> abc", after: mark))
        #expect(shell.enter("def", expecting: "abcdef"))
        shell.sendEndOfFile()
        // A loaded machine (a fresh clone's whole suite runs tests side by side on two
        // cores) has made the last steps take over 5 s; they are given 20.
        #expect(shell.waitFor("bye", after: mark, timeout: 20), "\(shell.screenText)")
        shell.send("exit\r")
        #expect(shell.waitForExit(timeout: 20) == 0, "\(shell.screenText)")
    }
}
