import SMTPConsole
import SMTPCore
import SMTPTranscript

/// The page that lists the conversations, newest first, and the messages received: the
/// web view's front page, the teacher's and each student's.
struct ListPage {
    let title: String
    /// Where this audience's pages are (`""`, `/teacher/TOKEN`, `/student`).
    let base: String
    let conversations: [ConversationListing]
    let messages: [MessageListing]
    /// Shows who each conversation belongs to (classroom).
    let showAccounts: Bool
    /// HTML already escaped, placed above the lists (the teacher's progress table).
    var before = ""

    var html: String {
        var body = "<h1>\(HTML.escape(title))</h1>\n" + before
        body += "<h2>Conversations</h2>\n"
        body += "<table id=\"conversations\" data-stream=\"\(HTML.escape(base))/events\">\n<thead><tr><th>#</th><th>client</th>"
        if showAccounts { body += "<th>student</th>" }
        body += "<th>started</th><th>reached</th><th>last reply</th><th>messages</th></tr></thead>\n<tbody>\n"
        for conversation in conversations { body += row(conversation) }
        body += "</tbody>\n</table>\n"
        if conversations.isEmpty { body += "<p class=\"hint\">No conversation yet: connect a client to the practice server.</p>\n" }
        body += "<h2>Messages received</h2>\n" + messageTable
        return HTML.document(title: HTML.escape(title), css: TranscriptPage.webCSS, body: body, script: LiveScript.path)
    }

    /// One conversation's table row; the live script replaces it when its listing changes.
    func row(_ conversation: ConversationListing) -> String {
        let link = "\(base)/conversations/\(conversation.id)"
        var out = "<tr id=\"c\(conversation.id)\"><td><a href=\"\(HTML.escape(link))\">\(conversation.id)</a></td>"
        out += "<td>\(HTML.escape(conversation.client))</td>"
        if showAccounts { out += "<td>\(HTML.escape(conversation.account ?? "not logged in"))</td>" }
        out += "<td>\(HTML.escape(ISOTime.format(conversation.started)))</td>"
        out += "<td class=\"state\">\(HTML.escape(conversation.state))\(conversation.live ? " <span class=\"live\">live</span>" : "")</td>"
        out += "<td><code>\(HTML.escape(conversation.lastReply ?? ""))</code></td><td>\(conversation.messages)</td></tr>\n"
        return out
    }

    private var messageTable: String {
        guard !messages.isEmpty else { return "<p class=\"hint\">No message yet.</p>\n" }
        var out = "<table id=\"messages\">\n<thead><tr><th>id</th>"
        if showAccounts { out += "<th>student</th>" }
        out += "<th>received</th><th>from</th><th>to</th><th>subject</th><th>size</th></tr></thead>\n<tbody>\n"
        for message in messages {
            out += "<tr><td><a href=\"\(HTML.escape("\(base)/messages/\(message.id)"))\">\(HTML.escape(message.id))</a></td>"
            if showAccounts { out += "<td>\(HTML.escape(message.account ?? "not logged in"))</td>" }
            out += "<td>\(HTML.escape(ISOTime.format(message.received)))</td><td>\(HTML.escape(VisibleText.escape(message.from)))</td>"
            out += "<td>\(HTML.escape(VisibleText.escape(message.recipients.joined(separator: ", "))))</td>"
            out += "<td>\(HTML.escape(VisibleText.escape(message.subject ?? "")))</td><td>\(message.size)</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
