import LineEditor
import SMTPCore

/// TAB completion: what the core suggests for the text before the cursor, in the
/// editor's terms; file paths after `/send `, `/bdat ` and `/tls save ` are smtpc's own.
enum Completer {
    static func complete(_ before: String, machine: ConsoleMachine) -> Completion {
        if let path = fileArgument(before, inputMode: machine.session.inputMode) {
            return PathCompletion.complete(path)
        }
        let suggestion = machine.session.completions(for: before, metaCommands: MetaCommands.names)
        if suggestion.candidates.count == 1, let replacement = suggestion.replacement {
            return Completion(word: suggestion.word, candidates: [replacement])
        }
        return Completion(word: suggestion.word, candidates: suggestion.candidates)
    }

    /// The path typed after `/send `, `/bdat ` or `/tls save ` (in command mode; `/send` also in the
    /// DATA body), or nil when the line is something else.
    static func fileArgument(_ before: String, inputMode: InputMode) -> String? {
        for command in MetaCommands.fileCommands {
            guard before.lowercased().hasPrefix(command + " ") else { continue }
            guard inputMode == .command || (inputMode == .dataBody && command == "/send") else { return nil }
            return String(before.dropFirst(command.count)).drop { $0 == " " }.description
        }
        return nil
    }
}
