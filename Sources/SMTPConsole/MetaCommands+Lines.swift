import SMTPCore

/// What a typed line is: a meta-command or not, its name, whether it may be remembered,
/// whether its argument is a path.
extension MetaCommands {
    /// Whether a meta-command line may go into the history file. `/b64` is how people
    /// encode credentials by hand, and `/raw` may carry an AUTH line: neither is stored
    /// when it could hold a secret.
    static func belongsInHistory(_ line: String) -> Bool {
        let name = line.dropFirst().prefix { $0 != " " }.lowercased()
        switch name {
        case "b64": return false
        case "raw":
            let text = String(line.dropFirst(4)).trimmingCharacters(in: " ")
            guard let bytes = try? RawEscapes.decode(text) else { return true }
            var machine = SessionMachine()
            return !machine.rawBytesSent(bytes + [0x0A]).contains(where: \.isSecret)
        default: return true
        }
    }

    /// The meta-commands whose argument is a file path (completed as one).
    static let fileCommands = ["/send", "/bdat", "/tls save"]

    /// `true` when `line`, read in `mode`, is a meta-command rather than something to send.
    ///
    /// In command mode every line starting with `/` is one. In the DATA body every line
    /// is message text, and the answer to a 334 challenge is never a meta-command.
    static func isMetaCommand(_ line: String, in mode: InputMode) -> Bool {
        switch mode {
        case .command: return line.hasPrefix("/")
        // Meta-commands are off in the body: every typed line is message text there.
        case .dataBody: return false
        case .authResponse: return false
        }
    }

    /// The lowercased name of the meta-command on `line` (`quit` for `/quit now`).
    static func name(of line: String) -> String {
        line.dropFirst().prefix { $0 != " " }.lowercased()
    }
}
