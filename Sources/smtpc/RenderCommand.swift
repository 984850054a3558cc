import ArgumentParser
import Glibc
import SMTPConsole
import SMTPTranscript
import SystemIO

/// `smtpc render TRANSCRIPT [-o FILE.html|FILE.md] [--format html|markdown]`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Turn a transcript into a page for teaching or a bug report: self-contained HTML, or Markdown.",
        usage: "smtpc render TRANSCRIPT [-o FILE.html|FILE.md] [--format html|markdown]",
        discussion: """
            The conversation reads as an exchange between client (C) and server (S); each reply is \
            coloured by class and annotated exactly as the console annotates it; TLS and AUTH events \
            are marked, timings shown when recorded, dot-stuffing and redactions visible. Everything \
            the server sent is escaped: its markup and escape sequences stay text. The HTML page \
            has no external CSS, fonts or scripts, and a content security policy that forbids scripts.

            With -o the format follows the extension (.md or .markdown: Markdown; anything else: \
            HTML) unless --format is given; without -o the page goes to standard output (HTML \
            unless --format markdown).

            Exit status: 0 written; 64 bad usage; 66 the transcript cannot be read or is malformed \
            (the message names the file and line); 73 the output file cannot be written.
            """
    )

    @Argument(help: ArgumentHelp("The transcript: text, or JSON Lines when it ends in .jsonl.", valueName: "transcript"))
    var transcript: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the page to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("html or markdown (default: from -o's extension, else html).", valueName: "format"))
    var format: String?

    func validate() throws {
        if let format, TranscriptPage.Format(rawValue: format) == nil {
            throw ValidationError("--format \(format): use html or markdown")
        }
    }

    func run() throws {
        let recorded = try TranscriptReader.readForCommand("render", path: transcript)
        let chosen = format.flatMap(TranscriptPage.Format.init(rawValue:)) ?? output.map(TranscriptPage.Format.init(path:)) ?? .html
        let page = Array(TranscriptPage.render(recorded, format: chosen).utf8)
        guard let output else {
            try Self.write(page, to: 1, name: "standard output")
            return
        }
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            StandardError.write("smtpc render: cannot write \(output): \(String(cString: strerror(errno)))")
            throw ExitStatus.cannotCreate
        }
        defer { close(fd) }
        try Self.write(page, to: fd, name: output)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32, name: String) throws {
        if let failure = writeAll(fd, bytes) {
            StandardError.write("smtpc render: cannot write \(name): \(String(cString: strerror(failure)))")
            throw ExitStatus.cannotCreate
        }
    }
}
