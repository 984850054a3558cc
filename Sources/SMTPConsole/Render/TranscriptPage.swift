import SMTPCore
import SMTPTranscript

/// `smtpc render`: a transcript as a page for teaching and bug reports.
public enum TranscriptPage {
    /// The page formats.
    public enum Format: String, Sendable, CaseIterable {
        case html, markdown

        /// `.md` and `.markdown` give Markdown; anything else HTML.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".md") || lower.hasSuffix(".markdown") ? .markdown : .html
        }
    }

    /// The whole page for `transcript` (every session in it, in order).
    public static func render(_ transcript: Transcript, format: Format) -> String {
        let conversations = transcript.sessions.map(Conversation.init)
        let name = HTML.escape(VisibleText.escape(basename(transcript.path)))
        switch format {
        case .html: return HTMLPage(conversations: conversations, name: name).text
        case .markdown: return MarkdownPage(conversations: conversations, name: basename(transcript.path)).text
        }
    }

    private static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// What a session header says, in words.
    static func summary(of header: TranscriptHeader?) -> [String] {
        guard let header else { return ["no header: a transcript from an older smtpc, or written by hand"] }
        let target = header.target.map { VisibleText.escape($0) } ?? "no server yet"
        return [
            "server: \(target)",
            "started: \(TimeText.iso(header.started))",
            "TLS: \(header.tls == "none" ? "none requested" : header.tls)\(header.lmtp ? " · LMTP" : "")",
            "recorded by smtpc \(VisibleText.escape(header.smtpcVersion))",
        ]
    }
}

/// Times on the page.
enum TimeText {
    /// `2026-12-03T09:30:00.123Z`.
    static func iso(_ seconds: Double) -> String { ISOTime.format(seconds) }

    /// `+1.234 s` after `start`.
    static func offset(_ time: Double?, from start: Double?) -> String? {
        guard let time, let start else { return nil }
        let millis = Int(((time - start) * 1000).rounded())
        return "+\(millis / 1000).\(String(repeating: "0", count: 3 - String(millis % 1000).count))\(millis % 1000) s"
    }
}

/// A self-contained HTML page: inline CSS, no script, and a content security policy that
/// forbids scripts and remote content, so even a mistake in escaping could not run one.
struct HTMLPage {
    let conversations: [Conversation]
    let name: String

    var text: String {
        var body = ""
        for (number, conversation) in conversations.enumerated() {
            body += section(conversation, number: number + 1, of: conversations.count)
        }
        return HTML.document(
            title: "SMTP session · \(name)", css: Self.css,
            body: """
                <h1>SMTP session <span class="file">\(name)</span></h1>
                \(body)<footer>Rendered by smtpc render. C: what the client sent · S: what the server answered · \
                the line under each reply is smtpc's annotation: the code's description, its meaning in context, \
                the enhanced status code, the time it took.</footer>

                """)
    }

    func section(_ conversation: Conversation, number: Int, of count: Int) -> String {
        var out = "<section class=\"session\">\n"
        if count > 1 { out += "<h2>Session \(number) of \(count)</h2>\n" }
        out += "<ul class=\"meta\">"
        for line in TranscriptPage.summary(of: conversation.header) { out += "<li>\(HTML.escape(line))</li>" }
        out += "</ul>\n<ol class=\"exchange\">\n"
        let start = conversation.header?.started
        for item in conversation.items {
            out += Self.row(item, start: start)
        }
        return out + "</ol>\n</section>\n"
    }

    static func row(_ item: Conversation.Item, start: Double?) -> String {
        func time(_ value: Double?) -> String {
            TimeText.offset(value, from: start).map { "<span class=\"time\">\(HTML.escape($0))</span>" } ?? ""
        }
        switch item {
        case .client(let text, let isBody, let stuffed, let redacted, let at):
            var shown = HTML.escape(text)
            if stuffed { shown = "<span class=\"stuffed\" title=\"added by dot-stuffing (RFC 5321 §4.5.2)\">.</span>" + shown.dropFirst() }
            if redacted { shown = shown.replacing("[redacted", with: "<span class=\"redacted\">[redacted") + "</span>" }
            var notes = ""
            if stuffed { notes += "<span class=\"note\">dot-stuffed</span>" }
            if redacted { notes += "<span class=\"note\">credential redacted</span>" }
            let kind = isBody ? "client body" : "client"
            return
                "<li class=\"\(kind)\"><span class=\"who\">C</span><code>\(shown.isEmpty ? "&nbsp;" : shown)</code>"
                + "\(notes)\(time(at))</li>\n"
        case .reply(let lines, let code, let annotation, let at):
            let text = lines.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: "<br>")
            return "<li class=\"server c\(code / 100)xx\"><span class=\"who\">S</span><div class=\"reply\">\(text)"
                + "<div class=\"annotation\">\(HTML.escape(annotation))</div></div>\(time(at))</li>\n"
        case .malformed(let lines, let problem, let at):
            let text = lines.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: "<br>")
            return "<li class=\"server malformed\"><span class=\"who\">S</span><div class=\"reply\">\(text)"
                + "<div class=\"annotation\">malformed reply: \(HTML.escape(problem))</div></div>\(time(at))</li>\n"
        case .event(let text, let kind, let at):
            let badge = kind == .tls ? "<span class=\"badge\">TLS</span>" : kind == .auth ? "<span class=\"badge\">AUTH</span>" : ""
            return "<li class=\"event \(kind.rawValue)\">\(badge)\(HTML.escape(text))\(time(at))</li>\n"
        }
    }

    static let css = """
        body{font:15px/1.45 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fbfbfd}
        h1{font-size:1.4rem}h1 .file{font-weight:400;color:#555}h2{font-size:1.1rem}
        .meta{list-style:none;padding:0;color:#555;display:flex;flex-wrap:wrap;gap:.3rem 1.4rem}
        ol.exchange{list-style:none;padding:0}
        li{display:flex;gap:.6rem;align-items:flex-start;margin:.35rem 0;padding:.35rem .6rem;border-radius:6px}
        code{font:13px/1.4 ui-monospace,DejaVu Sans Mono,monospace;white-space:pre-wrap;word-break:break-all}
        .who{font:700 12px ui-monospace,monospace;color:#fff;background:#4a5a8a;border-radius:4px;padding:.1rem .35rem;flex:none}
        li.client{background:#eef2fb;margin-right:12%}li.client.body{background:#f4f6fb;padding-top:.1rem;padding-bottom:.1rem}
        li.server{background:#fff;border:1px solid #ddd;margin-left:12%}li.server .who{background:#666}
        li.c2xx{border-left:5px solid #2e8540}li.c3xx{border-left:5px solid #1b7f9a}
        li.c4xx{border-left:5px solid #c98a00}li.c5xx{border-left:5px solid #c0392b}li.malformed{border-left:5px dashed #c0392b}
        .c2xx code{color:#1e6b30}.c3xx code{color:#13667c}.c4xx code{color:#8a5f00}.c5xx code{color:#a32a1e}
        .reply{flex:1}.annotation{font-size:12.5px;color:#555;margin-top:.2rem;font-style:italic}
        .event{justify-content:center;color:#555;font-size:13px;background:none}
        .badge{font:700 11px ui-monospace,monospace;background:#2e8540;color:#fff;border-radius:4px;padding:.05rem .35rem}
        .auth .badge{background:#6a3fa0}
        .stuffed{background:#ffe08a;border-radius:3px}.redacted{background:#333;color:#fff;border-radius:3px;padding:0 .2rem}
        .note{font-size:11.5px;color:#6b5900;background:#fff4cc;border-radius:3px;padding:0 .3rem;flex:none}
        .time{margin-left:auto;font:12px ui-monospace,monospace;color:#888;flex:none}
        footer{margin-top:2rem;color:#777;font-size:12.5px}
        """
}

/// The same content as Markdown: the conversation in a fenced block, as the console shows
/// it, so a forge's viewer keeps it exact.
private struct MarkdownPage {
    let conversations: [Conversation]
    let name: String

    var text: String {
        var out = "# SMTP session: \(Self.inline(name))\n"
        for (number, conversation) in conversations.enumerated() {
            if conversations.count > 1 { out += "\n## Session \(number + 1) of \(conversations.count)\n" }
            out += "\n"
            for line in TranscriptPage.summary(of: conversation.header) { out += "- \(Self.inline(line))\n" }
            let lines = Self.lines(conversation)
            let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(in: lines) + 1))
            out += "\n\(fence)text\n" + lines.joined(separator: "\n") + "\n\(fence)\n"
        }
        out += "\nC: what the client sent; S: what the server answered; `#` lines are smtpc's annotations "
        out += "(the code's description, its meaning in context, the enhanced code, the time). "
        out += "`(dot-stuffed)` marks a body line whose first dot was added by dot-stuffing.\n"
        return out
    }

    private static func lines(_ conversation: Conversation) -> [String] {
        let start = conversation.header?.started
        var lines: [String] = []
        func stamp(_ time: Double?) -> String { TimeText.offset(time, from: start).map { "[\($0)] " } ?? "" }
        for item in conversation.items {
            switch item {
            case .client(let text, _, let stuffed, let redacted, let time):
                var line = "\(stamp(time))C: \(text)"
                if stuffed { line += "   (dot-stuffed)" }
                if redacted { line += "   (credential redacted)" }
                lines.append(line)
            case .reply(let replyLines, _, let annotation, let time):
                lines += replyLines.map { "\(stamp(time))S: \($0)" }
                lines.append("  \(annotation)")
            case .malformed(let replyLines, let problem, let time):
                lines += replyLines.map { "\(stamp(time))S: \($0)" }
                lines.append("  ! malformed reply: \(problem)")
            case .event(let text, let kind, let time):
                let badge = kind == .tls ? "[TLS] " : kind == .auth ? "[AUTH] " : ""
                lines.append("\(stamp(time))--- \(badge)\(text)")
            }
        }
        return lines
    }

    private static func longestBacktickRun(in lines: [String]) -> Int {
        var longest = 0
        for line in lines {
            var run = 0
            for character in line {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return longest
    }

    /// Text outside the code block: Markdown's and HTML's special characters escaped.
    private static func inline(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]|<>&".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
