import Foundation
import TestSupport
import Testing

/// `/compose` in the console, on the built-in practice server: the message is shown (its
/// header and MIME tree), then every line that goes out is on the screen, and the practice
/// server received it.
@Suite(.serialized) struct ComposeTests {
    private func console(environment: [String: String] = [:]) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "--no-hints"], environment: environment, columns: 160, rows: 60)
        try #require(terminal.waitFor("> ", timeout: 15), "no prompt: \(terminal.screenText)")
        terminal.send("EHLO learner.example\r")
        try #require(terminal.waitFor("250 HELP"), "\(terminal.screenText)")
        return terminal
    }

    @Test func aComposedMessageIsShownThenSentLineByLine() throws {
        let terminal = try console()
        let directory = try PseudoTerminal.makeTemporaryDirectory()
        let attachment = directory + "/notes.txt"
        try Data("first note\nsecond note\n".utf8).write(to: URL(fileURLWithPath: attachment))
        terminal.send(
            "/compose --from learner@example.org --to \"Bob Example <bob@example.org>\" --subject \"A composed one\" "
                + "--body \"Hello from /compose\" --attach \(attachment) --notify success\r")
        #expect(terminal.waitFor("250 2.0.0"), "\(terminal.screenText)")
        let screen = terminal.screenText
        for shown in [
            "Subject: A composed one", "multipart/mixed", "notes.txt", "> MAIL FROM:<learner@example.org>",
            "> RCPT TO:<bob@example.org> NOTIFY=SUCCESS", "> DATA", "> To: Bob Example <bob@example.org>", "> Hello from /compose",
            "> .",
        ] {
            #expect(screen.contains(shown), "\(shown) not on the screen:\n\(screen)")
        }
        terminal.send("/inbox\r")
        #expect(terminal.waitFor("\"A composed one\""), "\(terminal.screenText)")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test func whatTheServerLacksIsRefusedBeforeMail() throws {
        let terminal = try console()
        terminal.send("/compose --from a@example.org --to b@example.org --body x --requiretls\r")
        #expect(terminal.waitFor("REQUIRETLS"), "\(terminal.screenText)")
        terminal.send("/compose --to b@example.org\r")
        #expect(terminal.waitFor("--from"), "a missing --from is named: \(terminal.screenText)")
        #expect(!terminal.screenText.contains("MAIL FROM"), "nothing was sent: \(terminal.screenText)")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    /// The editor (here sed, as EDITOR) changes the Subject, adds a field and rewrites the
    /// text: the message sent is the edited one.
    @Test func editOpensTheEditorOnTheSubjectFieldsAndText() throws {
        let editor = "sed -i -e s/draft/final/ -e 's/^$/X-Edited: yes\\n/'"
        let terminal = try console(environment: ["EDITOR": editor, "VISUAL": ""])
        terminal.send("/compose --edit --from a@example.org --to b@example.org --subject \"a draft\" --body \"draft text\"\r")
        #expect(terminal.waitFor("250 2.0.0"), "\(terminal.screenText)")
        let screen = terminal.screenText
        #expect(screen.contains("Subject: a final"), "\(screen)")
        #expect(screen.contains("X-Edited: yes"), "\(screen)")
        #expect(screen.contains("> final text"), "\(screen)")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test func bdatAndRepeatSendTheMessageAsChunksTwice() throws {
        let result = try Binary.run(
            ["--no-history", "--no-hints"],
            input: "EHLO x\n/compose --bdat --repeat 2 --from a@example.org --to b@example.org --subject chunked --body hi\n/inbox\nQUIT\n")
        #expect(result.stdout.components(separatedBy: "> /bdat ").count == 3, "two /bdat: \(result.stdout)")
        #expect(result.stdout.contains("2 message(s) received"), "\(result.stdout)")
        #expect(result.status == 0)
        // The message's file, streamed by /bdat after the command ended, is gone once smtpc left.
        let path = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("> /bdat ") }?.dropFirst(7))
        #expect(!FileManager.default.fileExists(atPath: String(path)), "\(path) was left behind")
    }

    @Test func composeSplitsItsWordsAsAShellWould() throws {
        let result = try Binary.run(
            ["--no-history"],
            input: "EHLO x\n/compose --from a@example.org --to 'b@example.org' --subject \"two words\" --body it\\'s\nQUIT\n")
        #expect(result.stdout.contains("Subject: two words"), "\(result.stdout)")
        #expect(result.stdout.contains("> it's"), "\(result.stdout)")
    }
}
