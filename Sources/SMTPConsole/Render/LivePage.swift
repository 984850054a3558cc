import SMTPCore
import SMTPTranscript

/// A conversation drawn row by row as it is exchanged, by `smtpc render`'s renderer: the
/// web view (`smtpc serve --web`) keeps one per conversation. Each row is an HTML `<li>`,
/// everything from the client escaped, the same row `smtpc render` writes for the line.
public struct LiveConversationRows: Sendable {
    private var builder: ConversationBuilder
    private let start: Double?
    private var lineNumber = 1

    /// The rows of a conversation that begins with `header` (the transcript's first line).
    public init(header: TranscriptHeader) {
        builder = ConversationBuilder(header: header)
        start = header.started
    }

    /// The rows one more line of the text transcript adds: none while a reply is still
    /// arriving, one or more when it ends. The line is read as `smtpc render` reads the
    /// file's line, so the page and the rendered download agree.
    public mutating func add(textLine: String) -> [String] {
        lineNumber += 1
        let record: TranscriptRecord?
        do {
            record = try TranscriptReader.record(textLine: textLine, number: lineNumber)
        } catch {
            return ["<li class=\"event other\">\(HTML.escape(error.description))</li>\n"]
        }
        guard let record else { return [] }
        return builder.add(record).map { HTMLPage.row($0, start: start) }
    }

    /// A whole text transcript of one conversation, kept earlier: its header and rows. Nil
    /// when the text does not start with a header.
    public static func rows(ofTranscript text: String) -> (TranscriptHeader, [String])? {
        let first = text.prefix { $0 != "\n" } + "\n"
        guard let read = try? TranscriptReader.parse(Array(first.utf8), path: "transcript", format: .text),
            let header = read.sessions.first?.header
        else { return nil }
        var rows = LiveConversationRows(header: header)
        return (header, text.split(separator: "\n").dropFirst().flatMap { rows.add(textLine: String($0)) })
    }
}

extension TranscriptPage {
    /// The style of the web view's pages: `smtpc render`'s, with the lists and tables the
    /// web view adds.
    public static let webCSS =
        HTMLPage.css + "\n"
            + """
            nav{display:flex;gap:1rem;flex-wrap:wrap;font-size:14px;margin-bottom:1rem}nav a{color:#2a4d9b}
            table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd}
            th{background:#f0f2f7}td.state{white-space:nowrap}td code{font-size:12.5px}#conversations{table-layout:fixed}
            .step-yes{background:#dff3e4;text-align:center}.step-no{background:#fbeaea;text-align:center;color:#999}
            .hint{font-size:12.5px;color:#555}.live{font-size:12px;color:#2e8540}.truncated{color:#a32a1e}
            pre.tree{font:13px/1.4 ui-monospace,DejaVu Sans Mono,monospace;background:#fff;border:1px solid #ddd;padding:.5rem}
            """

    /// One conversation's page for the web view: `smtpc render`'s section of meta and rows,
    /// under `navigation` (HTML already escaped), and, while the conversation goes on, the
    /// stream its script follows (`stream`, a same-origin path) to add rows as they come.
    public static func webPage(
        title: String, header: TranscriptHeader, rows: [String], navigation: String, stream: String?, script: String
    ) -> String {
        var body = "<nav>\(navigation)</nav>\n<h1>\(HTML.escape(title))</h1>\n<section class=\"session\">\n<ul class=\"meta\">"
        for line in summary(of: header) { body += "<li>\(HTML.escape(line))</li>" }
        body += "</ul>\n"
        if let stream {
            body +=
                "<p class=\"live\" id=\"live\" data-stream=\"\(HTML.escape(stream))\">live: new lines appear as they are exchanged</p>\n"
        }
        body += "<ol class=\"exchange\" id=\"exchange\">\n" + rows.joined() + "</ol>\n</section>\n"
        return HTML.document(title: HTML.escape(title), css: webCSS, body: body, script: script)
    }
}
