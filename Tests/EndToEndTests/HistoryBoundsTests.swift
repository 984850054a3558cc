import Foundation
import TestSupport
import Testing

/// Reading the history file is bounded: a device is not read at all, a huge file only
/// from its end, and the console starts either way.
@Suite(.serialized) struct HistoryBoundsTests {
    @Test func aDeviceAsHistoryIsNotReadAndTheConsoleStarts() throws {
        for device in ["/dev/full", "/dev/zero"] {
            let terminal = try PseudoTerminal(
                executable: Binary.path, arguments: ["--history", device], columns: 120, rows: 30)
            #expect(terminal.waitFor("> ", timeout: 10), "no prompt with --history \(device): \(terminal.screenText)")
            #expect(terminal.screenText.contains("history file \(device) is not a regular file"), "\(terminal.screenText)")
            terminal.send("NOOP\r")
            #expect(terminal.waitFor("250 "), "the session goes on")
            terminal.send("/quit\r")
            #expect(terminal.waitForExit(timeout: 5) == 0)
        }
    }

    @Test func aHugeHistoryFileIsReadFromItsEndOnly() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-history")
        let path = directory.appendingPathComponent("history").path
        var text = "_HiStOrY_V2_\n"
        for number in 0..<60_000 { text += "NOOP\\040padding\\040line\\040\(number)\n" }
        text += "VRFY\\040last-entry\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(text.utf8.count > 1 << 20, "over the 1 MiB bound")
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--history", path], columns: 120, rows: 30)
        #expect(terminal.waitFor("> ", timeout: 10), "\(terminal.screenText)")
        #expect(terminal.screenText.contains("is larger than 1 MiB: only its last MiB was read"))
        let mark = terminal.screenText.count
        terminal.send("\u{1b}[A")  // up: the most recent entry
        #expect(terminal.waitFor("VRFY last-entry", after: mark), "\(terminal.screenText)")
        terminal.send("\u{15}/quit\r")
        #expect(terminal.waitForExit(timeout: 5) == 0)
    }
}

/// A history file that cannot be written is reported once and the session goes on.
@Suite(.serialized) struct HistoryWriteFailureTests {
    @Test func anUnwritableHistoryIsReportedOnce() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-history-ro")
        // A regular file where a directory should be: no history can be written under it, even as root.
        let blocker = directory.appendingPathComponent("not-a-directory").path
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--history", blocker + "/history"], columns: 140, rows: 30)
        #expect(terminal.waitFor("> ", timeout: 10), "\(terminal.screenText)")
        // Generous waits: a fresh clone's CI runs the whole suite at once on two cores.
        terminal.send("NOOP\r")
        #expect(terminal.waitFor("250 ", timeout: 20))
        #expect(terminal.waitFor("cannot save history to \(blocker)/history", timeout: 20), "\(terminal.screenText)")
        let mark = terminal.screenText.count
        terminal.send("NOOP\r")
        #expect(terminal.waitFor("250 ", after: mark, timeout: 20), "the session goes on: \(terminal.screenText)")
        #expect(terminal.screenText.components(separatedBy: "cannot save history").count == 2, "said once")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 5) == 0)
    }
}
