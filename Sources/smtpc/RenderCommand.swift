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
        try PageOutput.write(TranscriptPage.render(recorded, format: chosen), to: output, command: "smtpc render")
    }
}
