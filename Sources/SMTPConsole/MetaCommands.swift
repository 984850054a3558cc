import SMTPCore
import SMTPServer
import SMTPTranscript

/// A console command that starts with `/` (no SMTP verb does) and is handled by smtpc
/// itself instead of being sent to the server.
struct MetaCommand: Sendable {
    let name: String
    let usage: String
    let summary: String
    /// A longer explanation for `/help NAME`.
    let details: String
    let run: @Sendable (MetaContext, String) -> MetaResult
}

/// What a meta-command needs: the console loop and how to reach the user.
struct MetaContext {
    let loop: ConsoleLoop
    /// Where `/auth` reads the user name, password and confirmation.
    let credentials: CredentialSource
    /// A descriptor that ends a wait (the terminal's signal pipe: Ctrl-C), if any.
    var interrupt: Int32? = nil
    var output: LoopOutput { LoopOutput(loop: loop) }
    var style: Style { loop.style }
}

/// Meta-command output, shown through the loop.
struct LoopOutput {
    let loop: ConsoleLoop
    func write(lines: [String]) { loop.show(lines) }
    func write(_ line: String) { loop.show([line]) }
}

/// Whether the console goes on after a meta-command.
enum MetaResult: Sendable {
    case proceed
    case quit
}

/// What the manual page lists of the console, from the tables the console itself uses.
public enum ConsoleReference {
    /// Each meta-command's usage and one-line summary, in the order `/help` lists them.
    public static var metaCommands: [(usage: String, summary: String)] { MetaCommands.all.map { ($0.usage, $0.summary) } }
}

/// Every meta-command, in the order `/help` lists them.
enum MetaCommands {
    static let all: [MetaCommand] = [
        MetaCommand(
            name: "help", usage: "/help [COMMAND|tour]", summary: "list meta-commands, explain one, or take the guided tour",
            details:
                "Without an argument, lists the meta-commands; /help tour walks through a complete SMTP "
                + "conversation, annotated. Lines that do not start with / are sent to the server as typed, with "
                + "CRLF.",
            run: { context, args in
                context.output.write(lines: help(for: args))
                return .proceed
            }),
        MetaCommand(
            name: "quit", usage: "/quit", summary: "send QUIT (if connected), wait briefly for 221, and leave",
            details: "Ctrl-D on an empty line does the same.",
            run: { context, _ in
                context.loop.quit(interrupt: context.interrupt)
                return .quit
            }),
        MetaCommand(
            name: "explain", usage: "/explain CODE...", summary: "the meaning of a reply code (550) or enhanced code (5.1.1, X.7.1)",
            details: "The same table annotates every reply; `smtpc explain --all` prints all of it.",
            run: { context, args in
                let words = args.split(separator: " ").map(String.init)
                guard !words.isEmpty else {
                    context.output.write(context.style.error("usage: /explain CODE...  e.g. /explain 550 5.1.1"))
                    return .proceed
                }
                for word in words {
                    if let query = ExplainQuery(word) {
                        context.output.write(
                            lines: Explainer.text(for: query).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                    } else {
                        context.output.write(context.style.error("smtpc: " + ExplainQuery.usageError(for: word)))
                    }
                }
                return .proceed
            }),
        MetaCommand(
            name: "state", usage: "/state", summary: "where the conversation is and what may come next",
            details:
                "Shows the connection, TLS and authentication, the phase of the SMTP dialogue and the commands "
                + "that may follow, with the reason.",
            run: { context, _ in
                let machine = context.loop.machine
                var lines: [String] = []
                if let target = machine.target {
                    lines.append((machine.isConnected ? "Connected to " : "Disconnected from ") + target.description + ".")
                } else {
                    lines.append("Not connected. Use /connect HOST [PORT].")
                }
                if machine.isConnected {
                    lines += machine.session.describe().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                }
                if !machine.heldLines.isEmpty {
                    lines.append("\(machine.heldLines.count) typed line(s) wait for a reply before they are sent.")
                }
                context.output.write(lines: lines.map { context.style.hint($0) })
                return .proceed
            }),
        MetaCommand(
            name: "connect", usage: "/connect HOST [PORT]", summary: "open a connection (HOST may be HOST:PORT or [v6]:PORT)",
            details: "Closes the current connection first (without QUIT). The default port is 25.",
            run: { context, args in
                let words = args.split(separator: " ").map(String.init)
                guard (1...2).contains(words.count) else {
                    context.output.write(context.style.error("usage: /connect HOST [PORT]"))
                    return .proceed
                }
                do {
                    let spec = try HostSpec(
                        words[0], port: words.count > 1 ? words[1] : nil, defaultPort: context.loop.configuration.defaultPort)
                    context.loop.connectAndWait(to: .host(spec), interrupt: context.interrupt)
                } catch {
                    context.output.write(context.style.error("smtpc: \(error)"))
                }
                return .proceed
            }),
        MetaCommand(
            name: "starttls", usage: "/starttls", summary: "send STARTTLS and, on 220, start TLS (the same as typing STARTTLS)",
            details:
                "The handshake uses --cafile, --servername, --insecure, --cert and --key. Afterwards the "
                + "server has forgotten EHLO: send it again.",
            run: { context, _ in
                context.loop.feed { $0.startTLSRequested(at: .now()) }
                return .proceed
            }),
        MetaCommand(
            name: "auth", usage: "/auth [MECH] [USER]", summary: "authenticate: PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER",
            details:
                "Without MECH, the strongest mechanism the server advertised. The password (or token) is asked "
                + "without echo; it never enters history, and transcripts show [redacted]. Over a connection "
                + "without TLS, smtpc asks before sending a password.",
            run: { context, args in
                AuthCommand(loop: context.loop, source: context.credentials).run(args)
                return .proceed
            }),
        MetaCommand(
            name: "send", usage: "/send FILE", summary: "send a message file as the DATA body (streamed, with progress)",
            details:
                "After MAIL FROM and RCPT TO, sends DATA, waits for 354, then the file. Line endings become "
                + "CRLF, lines starting with . are dot-stuffed, the lone . ends the message and the reply is "
                + "awaited. Warns about non-ASCII bytes without 8BITMIME/SMTPUTF8 and lines over 998 octets. TAB "
                + "completes the path.",
            run: { context, args in
                context.loop.transfer(.data, argument: args)
                return .proceed
            }),
        compose,
        MetaCommand(
            name: "bdat", usage: "/bdat FILE", summary: "send a message file as BDAT chunks (CHUNKING, RFC 3030)",
            details:
                "After MAIL FROM and RCPT TO, when the server advertised CHUNKING: the file (line endings made "
                + "CRLF, no dot-stuffing) as BDAT <size> chunks of about 64 KiB, the last one BDAT <size> LAST; "
                + "each reply is awaited before the next unless the server advertised PIPELINING too (RFC 3030 "
                + "§4.2); stops at the first refused chunk. TAB completes the path.",
            run: { context, args in
                context.loop.transfer(.bdat, argument: args)
                return .proceed
            }),
        tls,
        dane,
        mtaSTS,
        MetaCommand(
            name: "reconnect", usage: "/reconnect", summary: "connect again to the last server",
            details: "Closes the current connection first (without QUIT).",
            run: { context, _ in
                context.loop.reconnect(interrupt: context.interrupt)
                return .proceed
            }),
        MetaCommand(
            name: "raw", usage: "/raw TEXT", summary: "send exact bytes: escapes \\r \\n \\t \\\\ \\xHH, nothing appended",
            details:
                "For testing servers against malformed input, e.g. /raw NOOP\\n (a bare LF) or /raw MAIL "
                + "FROM:<a@b>\\r\\nRCPT TO:<c@d>\\r\\n (two commands in one write).",
            run: { context, args in
                switch Result(catching: { try RawEscapes.decode(args) }) {
                case .success(let bytes):
                    guard !bytes.isEmpty else {
                        context.output.write(context.style.error("usage: /raw TEXT  e.g. /raw NOOP\\r\\n"))
                        return .proceed
                    }
                    context.loop.feed { $0.rawSent(bytes, at: .now()) }
                case .failure(let error):
                    context.output.write(context.style.error("smtpc: /raw: \(error)"))
                }
                return .proceed
            }),
        MetaCommand(
            name: "b64", usage: "/b64 encode|decode TEXT", summary: "base64 helper for typing AUTH by hand",
            details:
                "encode: the UTF-8 bytes of TEXT in base64 (escapes as in /raw: \\x00 for the NUL separators "
                + "of AUTH PLAIN). decode: TEXT decoded, control bytes shown visibly.",
            run: { context, args in
                context.output.write(lines: b64(args, style: context.style))
                return .proceed
            }),
        MetaCommand(
            name: "inbox", usage: "/inbox [N]", summary: "messages the practice server received (smtpc with no host)",
            details:
                "Lists the messages the in-process practice server received, each with its DKIM result "
                + "(dkim=pass, or why it failed) and its MIME tree; /inbox N shows message N whole, as it arrived "
                + "(dot-stuffing undone) under the Received and Authentication-Results fields the server added.",
            run: { context, args in
                guard let practice = practiceSession(context, for: "/inbox") else { return .proceed }
                let number = Int(args.trimmingCharacters(in: " "))
                if !args.trimmingCharacters(in: " ").isEmpty && number == nil {
                    context.output.write(context.style.error("usage: /inbox [N]"))
                    return .proceed
                }
                context.output.write(lines: practice.inbox(number))
                return .proceed
            }),
        MetaCommand(
            name: "sessions", usage: "/sessions", summary: "conversations the practice server recorded (smtpc with no host)",
            details:
                "The in-process practice server records every conversation it has, from its side, as a text transcript; "
                + "/sessions lists them with their paths, for smtpc render or smtpc replay.",
            run: { context, _ in
                guard let practice = practiceSession(context, for: "/sessions") else { return .proceed }
                context.output.write(lines: practice.sessions())
                return .proceed
            }),
        MetaCommand(
            name: "record", usage: "/record [--append|--force] FILE | off", summary: "start or stop writing a transcript",
            details:
                "FILE ending in .jsonl gives JSON Lines, anything else the CLIENT:/SMTPD: text format. Credentials are redacted. "
                + "An existing transcript is kept unless --append (add this session) or --force (replace it) is given.",
            run: { context, args in
                var words = args.split(separator: " ").map(String.init)
                var existing = TranscriptWriter.ExistingFile.refuse
                while let flag = words.first, flag == "--append" || flag == "--force" {
                    let wanted: TranscriptWriter.ExistingFile = flag == "--append" ? .append : .replace
                    guard existing == .refuse || existing == wanted else {
                        context.output.write(context.style.error("/record: --append and --force do not go together"))
                        return .proceed
                    }
                    existing = wanted
                    words.removeFirst()
                }
                let path = words.joined(separator: " ")
                if path.isEmpty {
                    context.output.write(context.style.error("usage: /record [--append|--force] FILE | off"))
                } else if path == "off", existing == .refuse {
                    if let stopped = context.loop.stopRecording() {
                        context.output.write(context.style.hint("  (transcript \(stopped) closed)"))
                    } else {
                        context.output.write(context.style.hint("  (no transcript was being written)"))
                    }
                } else {
                    do {
                        try context.loop.startRecording(to: path, existing: existing)
                        context.output.write(context.style.hint("  (recording to \(path))"))
                    } catch {
                        context.output.write(context.style.error("smtpc: \(error)"))
                    }
                }
                return .proceed
            }),
    ]

    /// The names, for completion after `/`.
    static var names: [String] { all.map { "/" + $0.name } }

    /// Runs a line starting with `/`.
    static func run(_ line: String, context: MetaContext) -> MetaResult {
        let body = line.dropFirst()
        let name = body.prefix { $0 != " " }.lowercased()
        let args = String(body.dropFirst(name.count)).trimmingCharacters(in: " ")
        guard let command = all.first(where: { $0.name == name }) else {
            context.output.write(lines: [
                context.style.error("smtpc: unknown meta-command /\(name)"),
                "  meta-commands: " + names.joined(separator: " "),
                "  (a line that starts with / is never sent; to send one, use /raw)",
            ])
            return .proceed
        }
        return command.run(context, args)
    }

    /// The in-process practice server, or nil after telling the user that `command` needs it.
    private static func practiceSession(_ context: MetaContext, for command: String) -> PracticeSession? {
        if let practice = context.loop.practice { return practice }
        context.output.write(context.style.error("smtpc: \(command) works with the practice server (run smtpc with no host)"))
        return nil
    }
}
