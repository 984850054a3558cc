import SMTPConsole
import SMTPCore
import SMTPProfiles

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `smtpc --generate-manual`: the smtpc(1) page in mdoc, made from the same definitions as
/// `--help` (swift-argument-parser's description of each command, which smtpc prints with
/// `--experimental-dump-help`), then the console's own sections: meta-commands from the
/// table `/help` lists, keys, files, environment, exit statuses from `ExitStatus`, examples.
enum ManualPage {
    /// The subcommands, in the order the page describes them.
    static let subcommands = ["explain", "serve", "replay", "render", "send", "dkim keygen", "check"]

    struct ToolInfo: Decodable {
        let command: CommandInfo
    }

    struct CommandInfo: Decodable {
        let commandName: String
        let abstract: String?
        let discussion: String?
        let arguments: [ArgumentInfo]?
    }

    struct ArgumentInfo: Decodable {
        struct Name: Decodable {
            let kind: String
            let name: String
        }
        let kind: String
        let shouldDisplay: Bool
        let names: [Name]?
        let valueName: String?
        let abstract: String?
        let defaultValue: String?
        let isRepeating: Bool
    }

    /// The two forms the reference is written in.
    enum Format: String {
        /// smtpc(1), mdoc.
        case manual
        /// docs/reference.md.
        case markdown
    }

    /// The page, or a message saying why it could not be made.
    static func generate(_ format: Format = .manual) -> Result<String, ChildProcess.SpawnError> {
        var commands: [CommandInfo] = []
        for words in [""] + subcommands {
            switch describe(words.split(separator: " ").map(String.init)) {
            case .success(let info):
                // A nested command (dkim keygen) calls itself by its last word only.
                let name = words.isEmpty ? info.commandName : "smtpc " + words
                commands.append(
                    CommandInfo(commandName: name, abstract: info.abstract, discussion: info.discussion, arguments: info.arguments))
            case .failure(let error): return .failure(error)
            }
        }
        let main = commands[0]
        let others = Array(commands.dropFirst())
        return .success(format == .manual ? page(main: main, subcommands: others) : markdown(main: main, subcommands: others))
    }

    /// swift-argument-parser's description of `smtpc ARGUMENTS`, from this very binary.
    static func describe(_ arguments: [String]) -> Result<CommandInfo, ChildProcess.SpawnError> {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        switch ChildProcess.run([executable] + arguments + ["--experimental-dump-help"], outputLimit: 4 << 20) {
        case .failure(let error): return .failure(error)
        case .success(let outcome):
            guard let info = try? JSONDecoder().decode(ToolInfo.self, from: Data(outcome.output)) else {
                return .failure(
                    .init(description: "smtpc \(arguments.joined(separator: " ")) --experimental-dump-help gave no description"))
            }
            return .success(info.command)
        }
    }

    // MARK: What the reference says, in either form

    static let synopsis = [
        "[options] [HOST [PORT]]", "[options] --host HOST [PORT]", "[options] @PROFILE [PORT]", "--profiles", "--version",
    ]

    static let keys: [(String, String)] = [
        (
            "TAB",
            "completes SMTP verbs, the parameters the server advertised (after `MAIL FROM:<…> `: `SIZE=`, "
                + "`BODY=8BITMIME`, `SMTPUTF8`, `RET=FULL`, `RET=HDRS`, `ENVID=`, `REQUIRETLS`; after `RCPT TO:<…> `: "
                + "`NOTIFY=SUCCESS,FAILURE` and the other NOTIFY lists, `NOTIFY=NEVER`, `ORCPT=rfc822;`), addresses used "
                + "earlier, meta-commands and, after /send and /bdat, file paths."
        ),
        ("Up, Down, Ctrl-R", "history, kept across runs (AUTH lines, 334 answers and body lines are never stored)."),
        (
            "Ctrl-C",
            "abandons lines waiting behind an unanswered command; during /send or /bdat it asks whether to drop "
                + "the connection (SMTP cannot abort DATA)."
        ),
        ("Ctrl-D", "on an empty line: leaves, as /quit does."),
        ("Ctrl-L", "clears the screen."),
    ]

    static var files: [(String, String)] {
        [
            (
                "$XDG_CONFIG_HOME/smtpc/config.toml",
                "profiles, one [profiles.NAME] table each, with the keys "
                    + Profile.keys.joined(separator: ", ") + "; default ~/.config/smtpc/config.toml."
            ),
            ("$XDG_STATE_HOME/smtpc/history", "the console's history (mode 0600, 1000 entries); default ~/.local/state/smtpc/history."),
            ("~/.editrc", "libedit settings; lines starting smtpc: apply to smtpc only."),
        ]
    }

    static let environment: [(String, String)] = [
        ("NO_COLOR", "set and not empty: no colour, as --color never (--color always still colours)."),
        ("TERM", "dumb: no colour with --color auto."),
        ("SMTPC_PASSWORD", "the password /auth sends (instead of asking); --password-file wins."),
        ("SMTPC_TOKEN", "the XOAUTH2 or OAUTHBEARER token; --token-file wins."),
        ("XDG_CONFIG_HOME", "where the profile file is looked for (default ~/.config)."),
        ("XDG_STATE_HOME", "where the history is kept (default ~/.local/state)."),
        ("EDITRC", "the libedit settings file to read instead of ~/.editrc."),
        (
            "SMTPC_SPIN_WAITS",
            "0: script mode no longer watches for each reply (and the network thread for each answer) for a few "
                + "microseconds before it sleeps: slower on an idle machine, kinder to a busy one."
        ),
        ("HOME", "the base of the defaults above."),
    ]

    static let consoleIntroduction =
        "Each line typed is sent to the server with CRLF, exactly as typed; a DATA body is dot-stuffed. Lines that start "
        + "with / are meta-commands, handled by smtpc itself:"

    /// The arguments a command's `--help` shows, in its order (not --help and --version themselves).
    static func shown(_ command: CommandInfo) -> [ArgumentInfo] {
        (command.arguments ?? []).filter { argument in
            argument.shouldDisplay && !(argument.names ?? []).contains { ["help", "version"].contains($0.name) }
        }
    }

    /// An argument's help text, with its default.
    static func text(_ argument: ArgumentInfo) -> String {
        var text = argument.abstract ?? ""
        if let value = argument.defaultValue, !value.isEmpty, argument.kind == "option" { text += " (default: \(value))" }
        return text
    }

    /// A subcommand's own words (its description names it `smtpc explain`, `smtpc dkim keygen`).
    static func name(of command: CommandInfo) -> String {
        command.commandName.split(separator: " ").dropFirst().joined(separator: " ")
    }

    // MARK: mdoc

    static func page(main: CommandInfo, subcommands: [CommandInfo]) -> String {
        var lines = [
            ".\\\" smtpc(1), generated by smtpc --generate-manual from the command-line definitions; do not edit.",
            ".Dd \(SmtpcVersion.number)", ".Dt SMTPC 1", ".Os smtpc \(SmtpcVersion.number)",
            ".Sh NAME", ".Nm smtpc", ".Nd \(escape(main.abstract ?? "an interactive SMTP console"))",
            ".Sh SYNOPSIS",
            ".Nm", ".Op Ar options", ".Op Ar HOST Op Ar PORT",
            ".Nm", ".Op Ar options", ".Fl -host Ar HOST", ".Op Ar PORT",
            ".Nm", ".Op Ar options", ".Ar @PROFILE", ".Op Ar PORT",
            ".Nm", ".Fl -profiles",
            ".Nm", ".Fl -version",
        ]
        for command in subcommands {
            lines += [".Nm", ".Cm \(name(of: command))", ".Op Ar options", ".Op Ar arguments"]
        }
        lines += [".Sh DESCRIPTION"] + paragraphs(main.discussion)
        lines += [".Sh OPTIONS"] + options(main)
        lines += [".Sh SUBCOMMANDS"]
        for command in subcommands {
            lines += [".Ss \(name(of: command))"] + paragraphs(command.abstract) + paragraphs(command.discussion) + options(command)
        }
        lines += [".Sh CONSOLE", escape(consoleIntroduction)]
        lines += list(ConsoleReference.metaCommands.map { ("Ic \(escape($0.usage))", $0.summary) })
        lines += [".Ss KEYS"] + list(keys.map { ("Sy \($0.0)", $0.1) }) + ["Other keys are libedit's, emacs-style; see", ".Xr editrc 5 ."]
        lines += [".Sh FILES"] + list(files.map { ("Pa \($0.0)", $0.1) })
        lines +=
            [".Sh ENVIRONMENT"] + list(environment.map { ("Ev \($0.0)", $0.1) }) + [
                "Proxy variables such as", ".Ev ALL_PROXY", "are not read.",
            ]
        lines += [".Sh EXIT STATUS"] + list(ExitStatus.allCases.map { ("\($0.rawValue)", $0.meaning) })
        lines += [".Sh EXAMPLES"]
        for (index, (command, text)) in examples.enumerated() {
            lines += (index > 0 ? [".Pp"] : []) + [".Dl \(escape(command))", escape(text)]
        }
        lines += [
            ".Sh SEE ALSO", ".Xr openssl-s_client 1 ,", ".Xr swaks 1 ,", ".Xr editrc 5 ;",
            "RFC 5321 (SMTP), RFC 3207 (STARTTLS), RFC 4954 (AUTH), RFC 2920 (PIPELINING), RFC 3030 (CHUNKING),",
            "RFC 2033 (LMTP), RFC 3463 (enhanced status codes).",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A `.Bl -tag` list; each term is already mdoc (`Fl -quiet`), each text plain.
    static func list(_ items: [(String, String)]) -> [String] {
        guard !items.isEmpty else { return [] }
        return [".Bl -tag -width 6n"] + items.flatMap { [".It \($0.0)", escape($0.1)] } + [".El"]
    }

    /// The `.Bl` list of a command's displayed arguments, in the order `--help` shows them.
    static func options(_ command: CommandInfo) -> [String] {
        list(shown(command).map { (item($0), text($0)) })
    }

    /// `Fl q , Fl -quiet` or `Fl -record Ar FILE` or `Ar host`.
    static func item(_ argument: ArgumentInfo) -> String {
        let value = (argument.valueName ?? "value").uppercased()
        guard argument.kind != "positional" else { return "Ar \(value)" }
        let names = (argument.names ?? []).map { name in
            "Fl " + (name.kind == "long" ? "-" : "") + name.name + (argument.kind == "option" ? " Ar \(value)" : "")
        }
        return names.joined(separator: " , ")
    }

    // MARK: Markdown

    static func markdown(main: CommandInfo, subcommands: [CommandInfo]) -> String {
        var lines = [
            "<!-- Generated by `smtpc --generate-reference` (make docs) from the same definitions as --help "
                + "and smtpc(1); a test keeps it in sync. Do not edit. -->",
            "# smtpc reference", "",
            "Every option, subcommand, meta-command, key, file, environment variable and exit status of smtpc "
                + "\(SmtpcVersion.number). The [user guide](user-guide.md) explains them with examples.", "",
            "## Synopsis", "", "```",
        ]
        lines += synopsis.map { "smtpc " + $0 } + subcommands.map { "smtpc \(name(of: $0)) [options] [arguments]" } + ["```", ""]
        lines += (main.discussion ?? "").components(separatedBy: "\n\n").map { $0.replacing("\n", with: " ") }.flatMap { [$0, ""] }
        lines += ["## Options", ""] + table(shown(main).map { (code(term($0)), text($0)) }, heading: "option")
        for command in subcommands {
            lines += ["## smtpc \(name(of: command))", "", (command.abstract ?? ""), ""]
            lines += table(shown(command).map { (code(term($0)), text($0)) }, heading: "option")
        }
        lines += ["## Meta-commands", "", consoleIntroduction, ""]
        lines += table(ConsoleReference.metaCommands.map { (code($0.usage), $0.summary) }, heading: "meta-command")
        lines += ["## Keys", ""] + table(keys.map { ($0.0, $0.1) }, heading: "key")
        lines += ["Other keys are libedit's, emacs-style; see editrc(5).", ""]
        lines += ["## Files", ""] + table(files.map { (code($0.0), $0.1) }, heading: "file")
        lines += ["## Environment", ""] + table(environment.map { (code($0.0), $0.1) }, heading: "variable")
        lines += ["Proxy variables such as `ALL_PROXY` are not read.", ""]
        lines += ["## Exit status", ""] + table(ExitStatus.allCases.map { ("\($0.rawValue)", $0.meaning) }, heading: "status")
        lines += ["## Examples", ""] + table(examples.map { (code($0.0), $0.1) }, heading: "command")
        return lines.joined(separator: "\n")
    }

    /// `-q, --quiet`, `--record FILE` or `HOST`.
    static func term(_ argument: ArgumentInfo) -> String {
        let value = (argument.valueName ?? "value").uppercased()
        guard argument.kind != "positional" else { return value }
        let names = (argument.names ?? []).map { ($0.kind == "long" ? "--" : "-") + $0.name }.joined(separator: ", ")
        return names + (argument.kind == "option" ? " \(value)" : "")
    }

    static func code(_ text: String) -> String { "`" + text + "`" }

    static func table(_ rows: [(String, String)], heading: String) -> [String] {
        guard !rows.isEmpty else { return [] }
        let cell = { (text: String) in text.replacing("|", with: "\\|") }
        return ["| \(heading) | meaning |", "| --- | --- |"] + rows.map { "| \(cell($0.0)) | \(cell($0.1)) |" } + [""]
    }

    /// A discussion's paragraphs (blank-line separated) as mdoc text.
    static func paragraphs(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        var lines: [String] = []
        for paragraph in text.components(separatedBy: "\n\n") {
            if !lines.isEmpty { lines.append(".Pp") }
            lines.append(escape(paragraph.replacing("\n", with: " ")))
        }
        return lines
    }

    /// Text safe in an mdoc line: backslashes doubled, no line starting with a dot or quote.
    static func escape(_ text: String) -> String {
        let escaped = text.replacing("\\", with: "\\e")
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }
}
