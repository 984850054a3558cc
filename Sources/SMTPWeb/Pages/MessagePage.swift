import SMTPConsole
import SMTPCore
import SMTPServer
import SMTPTranscript

/// One received message: its envelope, its MIME tree, and its source as stored (the trace
/// fields the server added on top), every byte from the client shown as text.
struct MessagePage {
    let listing: MessageListing
    /// The message as stored: trace fields, then what the client sent.
    let stored: [UInt8]
    let base: String

    var html: String {
        let title = "Message \(listing.id)"
        var body = "<nav><a href=\"\(HTML.escape(base))/\">all conversations</a>"
        body += "<a href=\"\(HTML.escape("\(base)/conversations/\(listing.conversation)"))\">its conversation</a>"
        body += "<a href=\"\(HTML.escape("\(base)/messages/\(listing.id)/message.eml"))\" download>download .eml</a></nav>\n"
        body += "<h1>\(HTML.escape(title))</h1>\n<table>\n"
        let fields: [(String, String)] = [
            ("envelope from", "<\(listing.from)>"),
            ("envelope to", listing.recipients.map { "<\($0)>" }.joined(separator: ", ")),
            ("subject", listing.subject ?? "(none)"),
            ("received", ISOTime.format(listing.received)),
            ("size", "\(listing.size) bytes"),
        ]
        for (name, value) in fields {
            body += "<tr><th>\(HTML.escape(name))</th><td>\(HTML.escape(VisibleText.escape(value)))</td></tr>\n"
        }
        body += "</table>\n<h2>MIME structure</h2>\n<pre class=\"tree\">"
        body += MIMEPart(stored[...]).treeLines.map { HTML.escape(VisibleText.escape($0)) }.joined(separator: "\n")
        body += "</pre>\n<h2>Source, as stored</h2>\n<pre class=\"tree\">"
        body += Self.sourceLines(stored).map(HTML.escape).joined(separator: "\n") + "</pre>\n"
        return HTML.document(title: HTML.escape(title), css: TranscriptPage.webCSS, body: body, script: nil)
    }

    /// The message's lines, control bytes made visible; at most the first 256 KiB.
    static func sourceLines(_ bytes: [UInt8]) -> [String] {
        let shown = bytes.prefix(256 * 1024)
        var lines = shown.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            VisibleText.escape(line.last == 0x0D ? line.dropLast() : line)
        }
        if bytes.count > shown.count { lines.append("[… \(bytes.count - shown.count) more bytes: download the .eml]") }
        return lines
    }
}

/// One conversation's page: `smtpc render`'s rows, live while it goes on.
struct ConversationPage {
    let listing: ConversationListing
    let header: TranscriptHeader
    let rows: [String]
    let messages: [MessageListing]
    let base: String
    let showAccount: Bool

    var html: String {
        let link = "\(base)/conversations/\(listing.id)"
        var navigation = "<a href=\"\(HTML.escape(base))/\">all conversations</a>"
        navigation += "<a href=\"\(HTML.escape(link))/transcript.txt\" download>transcript (.txt)</a>"
        navigation += "<a href=\"\(HTML.escape(link))/page.html\" download>rendered page (.html)</a>"
        for message in messages {
            navigation += "<a href=\"\(HTML.escape("\(base)/messages/\(message.id)"))\">message \(HTML.escape(message.id))</a>"
        }
        var title = "Conversation \(listing.id) · \(listing.client)"
        if showAccount, let account = listing.account { title += " · \(account)" }
        return TranscriptPage.webPage(
            title: title, header: header, rows: rows, navigation: navigation, stream: listing.live ? "\(link)/events" : nil,
            script: LiveScript.path)
    }
}
