import Foundation
import TestSupport
import Testing

/// Output from another thread while a line is half typed.
@Suite(.serialized)
struct AsyncOutputTests {
    @Test func messageAppearsAboveTheHalfTypedLine() throws {
        let terminal = try DemoProgram.start()
        #expect(terminal.enter("/later 500"))
        #expect(terminal.waitFor("demo[2]> "))
        terminal.send("half typed")
        #expect(terminal.waitFor("ASYNC MESSAGE 1"))
        #expect(terminal.waitUntil { _ in terminal.screenLines.contains("demo[2]> half typed") })

        let lines = terminal.screenLines
        let message = try #require(lines.firstIndex(of: "ASYNC MESSAGE 1"))
        #expect(lines[message + 1] == "demo[2]> half typed")
        #expect(lines.filter { $0.contains("half typed") }.count == 1, "the line is drawn once: \(lines)")

        #expect(terminal.enter(" and finished", expecting: "half typed and finished"))
    }

    @Test func wrappedColouredLineSurvivesWithTheCursorInTheMiddle() throws {
        let terminal = try DemoProgram.start(["--color"], columns: 40)
        #expect(terminal.enter("/later 600"))
        #expect(terminal.waitFor("demo[2]> "))
        let long = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"
        terminal.send(long)
        terminal.send("\u{02}\u{02}\u{02}")  // Ctrl-B three times: the cursor is on the second row
        #expect(terminal.waitFor("ASYNC MESSAGE 1"))
        let expectedFirstRow = "demo[2]> " + long.prefix(40 - 9)
        #expect(terminal.waitUntil { _ in terminal.screenLines.contains(expectedFirstRow) })

        let lines = terminal.screenLines
        let message = try #require(lines.firstIndex(of: "ASYNC MESSAGE 1"))
        #expect(lines[message + 1] == expectedFirstRow)
        #expect(lines[message + 2] == String(long.dropFirst(40 - 9)))
        #expect(lines.filter { $0 == expectedFirstRow }.count == 1, "no stale copy of the line: \(lines)")
        // The cursor stayed before "NOP": typing goes there.
        #expect(terminal.enter("X", expecting: long.dropLast(3) + "XNOP"))
    }

    @Test func manyMessagesWhileTypingKeepTheLineIntact() throws {
        let terminal = try DemoProgram.start()
        for delay in [200, 250, 300, 350, 400] {
            #expect(terminal.enter("/later \(delay)"))
        }
        terminal.send("steady")
        #expect(terminal.waitFor("ASYNC MESSAGE 5"))
        #expect(terminal.enter(" line", expecting: "steady line"))
    }
}
