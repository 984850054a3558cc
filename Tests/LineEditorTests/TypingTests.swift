import Foundation
import TestSupport
import Testing

/// Typing, interrupting, ending and password input, through a real terminal.
@Suite(.serialized)
struct TypingTests {
    @Test func typedLineIsEchoedAndPromptAdvances() throws {
        let terminal = try DemoProgram.start()
        #expect(terminal.enter("hello world"))
        #expect(terminal.waitFor("demo[2]> "))
    }

    @Test func controlCDiscardsTheHalfTypedLine() throws {
        let terminal = try DemoProgram.start()
        terminal.send("discard me")
        #expect(terminal.waitFor("discard me"))
        settle()
        terminal.send("\u{03}")
        #expect(terminal.waitFor("(interrupted)"))
        #expect(terminal.waitFor("demo[2]> "))
        #expect(terminal.enter("kept"))
        #expect(!terminal.screenText.contains("you typed: discard me"))
        #expect(terminal.waitForExit(timeout: 0.2) == nil, "Ctrl-C must not end the program")
    }

    @Test func controlDOnAnEmptyLineEndsInput() throws {
        let terminal = try DemoProgram.start()
        terminal.sendEndOfFile()
        #expect(terminal.waitFor("bye"))
        #expect(terminal.waitForExit() == 0)
    }

    @Test func utf8InputRoundTripsAndEditsByCharacter() throws {
        let terminal = try DemoProgram.start()
        #expect(terminal.enter("café é"))
        // One backspace removes the whole two-byte "é".
        #expect(terminal.enter("éé\u{7F}x", expecting: "éx\n"))
    }

    @Test func secretIsNotEchoedAndOutputStillArrives() throws {
        let terminal = try DemoProgram.start()
        #expect(terminal.enter("/later 400"))
        terminal.send("/secret\r")
        #expect(terminal.waitFor("Password: "))
        terminal.send("hunter2")
        #expect(terminal.waitFor("ASYNC MESSAGE 1"))
        #expect(terminal.screenLines.contains { $0.hasPrefix("Password:") })
        terminal.send("\r")
        #expect(terminal.waitFor("secret has 7 characters"))
        #expect(!terminal.rawOutput.contains("hunter2"))
        // Echo is back on and the editor works after the secret.
        #expect(terminal.enter("after"))
    }

    @Test func promptChangesBetweenCalls() throws {
        let terminal = try DemoProgram.start(["--color"])
        #expect(terminal.enter("one"))
        #expect(terminal.waitFor("demo[2]> "))
        #expect(terminal.rawOutput.contains("\u{1B}[1;32mdemo[2]"))
    }
}
