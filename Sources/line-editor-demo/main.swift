// A small program that drives LineEditor for its pseudo-terminal tests.
//
//   line-editor-demo [--history FILE] [--color]
//
// Echoes each line as "you typed: LINE"; "/later MS" prints a message from
// another thread MS milliseconds later; "/secret" reads a password without
// echo; lines starting with "private " are kept out of history; TAB
// completes the last word from a fixed list of SMTP verbs.
import Dispatch
import Glibc
import LineEditor

/// The demo's pieces that run off the main thread.
enum Demo {
    /// The words TAB completes.
    static let words = ["HELO", "EHLO", "MAIL", "RCPT", "RSET", "DATA", "QUIT", "NOOP", "VRFY", "EXPN", "éclair"]

    /// Candidates for the last word of `line`, matched without case.
    static func complete(_ line: String) -> Completion {
        let word = String(line.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
        let matches = words.filter { $0.lowercased().hasPrefix(word.lowercased()) }
        return Completion(word: word, candidates: matches.count == 1 ? [matches[0] + " "] : matches)
    }

    /// Prints a message from a background queue after `milliseconds`.
    static func printLater(_ output: TerminalOutput, milliseconds: Int, number: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) {
            output.print("ASYNC MESSAGE \(number)")
        }
    }
}

var arguments = CommandLine.arguments.dropFirst()
var historyFile: String?
var colored = false
while let argument = arguments.popFirst() {
    switch argument {
    case "--history": historyFile = arguments.popFirst()
    case "--color": colored = true
    default: break
    }
}

guard LineEditor.isTerminal else {
    print("not a terminal")
    exit(2)
}

let editor: LineEditor
do {
    editor = try LineEditor(configuration: LineEditorConfiguration(programName: "line-editor-demo", historyFile: historyFile))
} catch {
    print("cannot start: \(error)")
    exit(1)
}
editor.completer = Demo.complete

var count = 0
var laterCount = 0
loop: while true {
    count += 1
    let prompt = colored ? "\u{1B}[1;32mdemo[\(count)]\u{1B}[0m> " : "demo[\(count)]> "
    switch editor.readLine(prompt: prompt) {
    case .endOfFile:
        editor.print("bye")
        break loop
    case .interrupted:
        editor.print("(interrupted)")
    case .woken:
        continue loop  // the demo sets no event source
    case .line(let line):
        if line.hasPrefix("/later") {
            laterCount += 1
            let delay = Int(line.dropFirst("/later".count).trimmingPrefix(" ")) ?? 500
            Demo.printLater(editor.output, milliseconds: delay, number: laterCount)
        } else if line == "/secret" {
            switch editor.readSecret(prompt: "Password: ") {
            case .line(let secret): editor.print("secret has \(secret.count) characters")
            case .interrupted: editor.print("(secret interrupted)")
            case .endOfFile, .woken: editor.print("(secret ended)")
            }
            continue loop
        }
        editor.print("you typed: \(line)")
        if !line.hasPrefix("private ") { editor.addHistory(line) }
    }
}
