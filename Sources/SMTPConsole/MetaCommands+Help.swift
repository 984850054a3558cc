import SMTPCore
import SMTPServer

/// The texts of `/help`, `/help NAME`, `/help practice`, and `/b64`.
extension MetaCommands {
    /// The text of `/help` or `/help NAME`.
    static func help(for args: String) -> [String] {
        let name = args.trimmingCharacters(in: " ").drop { $0 == "/" }.lowercased()
        if name == "tour" { return GuidedTour.lines }
        if name == "practice" { return practiceHelp }
        if !name.isEmpty {
            guard let command = all.first(where: { $0.name == name }) else {
                return ["smtpc: no meta-command /\(name); meta-commands: " + names.joined(separator: " ")]
            }
            return [command.usage, "  " + command.summary, "  " + command.details]
        }
        let width = all.map(\.usage.count).max() ?? 0
        var lines = [
            "Type SMTP commands as they go on the wire; each line is sent with CRLF, unchanged.",
            "Meta-commands (not sent):",
        ]
        for command in all {
            lines.append("  " + command.usage.padding(to: width) + "  " + command.summary)
        }
        lines.append("Keys: TAB completes, Up/Down recall history, Ctrl-C discards the line, Ctrl-D quits.")
        lines.append("New to SMTP? /help tour walks through a complete conversation; /help practice lists the practice server's lessons.")
        return lines
    }

    /// `/help practice`: the failures the practice server gives on demand, and its lessons.
    static var practiceHelp: [String] {
        [
            "The practice server (smtpc with no host, or smtpc serve) fails on demand, the same way every time:"
        ] + AddressTrigger.all.map { "  " + $0.summary }
            + [
                "  The same addresses work in MAIL FROM (552 then answers the final dot).",
                "Lessons:",
                "  A bare LF, or a lone . ended by a bare LF, inside DATA: the message is refused with 550 5.5.2 at the final",
                "    CRLF . CRLF (Postfix's smtpd_forbid_bare_newline) — the door SMTP smuggling goes through.",
                "  --scenario strict: no PIPELINING, and a client that talks before the greeting (it waits 1 s) or sends a",
                "    command before the last reply gets 554 5.5.0 SMTP synchronization error, as Exim and Postfix do.",
                "/sessions lists the conversations the server recorded; docs/practice-server.md has the details.",
            ]
    }

    /// `/b64 encode TEXT` and `/b64 decode TEXT`.
    static func b64(_ args: String, style: Style) -> [String] {
        let words = args.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2, words[0] == "encode" || words[0] == "decode" else {
            return [style.error("usage: /b64 encode|decode TEXT")]
        }
        if words[0] == "encode" {
            switch Result(catching: { try RawEscapes.decode(words[1]) }) {
            case .success(let bytes): return [Base64.encode(bytes)]
            case .failure(let error): return [style.error("smtpc: /b64: \(error)")]
            }
        }
        do {
            return [VisibleText.escape(try Base64.decode(words[1]))]
        } catch {
            return [style.error("smtpc: /b64: \(error)")]
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
