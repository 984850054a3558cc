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
        shell.send("\u{04}")
        #expect(shell.waitFor("bye"))
        shell.send("exit\r")
        #expect(shell.waitForExit() == 0)
    }
}
