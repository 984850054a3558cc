import SMTPCore

/// How a secret line is shown once redacted: the verb and mechanism of an AUTH command
/// stay visible (they teach and they are not secret), everything after them is hidden.
enum Redaction {
    /// `[redacted]` placeholder text.
    static let placeholder = "[redacted]"

    /// The redacted form of a sent line, or nil when the line is not secret.
    static func displayText(of line: String, sent: SentLine) -> String? {
        guard sent.isSecret else { return nil }
        guard case .command(.auth) = sent.kind else { return placeholder }
        return authCommand(line)
    }

    /// How a line about to be sent in `mode` is echoed (script mode): secrets redacted,
    /// everything else with control characters made visible.
    static func echo(of line: String, in mode: InputMode) -> String {
        switch mode {
        case .authResponse: return placeholder
        case .dataBody: return VisibleText.escape(line)
        case .command: return SMTPVerb(leniently: line) == .auth ? authCommand(line) : VisibleText.escape(line)
        }
    }

    /// `AUTH PLAIN [redacted]` for `AUTH PLAIN <initial response>`.
    private static func authCommand(_ line: String) -> String {
        let words = line.drop { $0 == " " || $0 == "\t" }.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2 else { return VisibleText.escape(line) }
        let visible = VisibleText.escape(String(words[0] + " " + words[1]))
        return words.count > 2 ? visible + " " + placeholder : visible
    }
}
