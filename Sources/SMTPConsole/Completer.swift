import LineEditor
import SMTPCore

/// TAB completion: what the core suggests for the text before the cursor, in the
/// editor's terms.
enum Completer {
    static func complete(_ before: String, snapshot: ConsoleEngine.Snapshot) -> Completion {
        let suggestion = snapshot.machine.completions(for: before, metaCommands: MetaCommands.names)
        if suggestion.candidates.count == 1, let replacement = suggestion.replacement {
            return Completion(word: suggestion.word, candidates: [replacement])
        }
        return Completion(word: suggestion.word, candidates: suggestion.candidates)
    }
}
