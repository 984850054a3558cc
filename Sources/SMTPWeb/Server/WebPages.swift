import Hummingbird
import NIOCore
import SMTPConsole
import SMTPTranscript

/// The pages, for one audience at a time: the list, a conversation, its downloads and
/// its live stream, a message.
struct WebPages: Sendable {
    let data: WebData
    let title: String
    /// The teacher's table of lesson steps (classroom), HTML already escaped.
    let progress: (@Sendable () async -> String)?

    func list(_ audience: Audience) async -> Response {
        var page = ListPage(
            title: audience.isTeacher ? "\(title): the teacher's view" : audience.account.map { "\(title): \($0)" } ?? title,
            base: audience.base, conversations: await data.listings(account: audience.account),
            messages: await data.messages(account: audience.account), showAccounts: audience.showsAccounts)
        if audience.isTeacher, let progress { page.before = await progress() }
        return WebResponse.page(page.html)
    }

    func conversation(_ id: String?, _ audience: Audience) async -> Response {
        guard let found = await find(id, audience) else { return notFound }
        let messages = await data.messages(ofConversation: found.listing.id, account: audience.account)
        let page = ConversationPage(
            listing: found.listing, header: found.header, rows: found.rows, messages: messages, base: audience.base,
            showAccount: audience.showsAccounts)
        return WebResponse.page(page.html)
    }

    /// The text transcript, as `--record-dir` writes it.
    func transcript(_ id: String?, _ audience: Audience) async -> Response {
        guard let found = await find(id, audience) else { return notFound }
        return WebResponse.download(Array(found.text.utf8), type: "text/plain; charset=utf-8", name: "conversation-\(found.listing.id).txt")
    }

    /// The page `smtpc render` makes of that transcript.
    func rendered(_ id: String?, _ audience: Audience) async -> Response {
        guard let found = await find(id, audience) else { return notFound }
        let name = "conversation-\(found.listing.id).txt"
        guard let transcript = try? TranscriptReader.parse(Array(found.text.utf8), path: name, format: .text) else { return notFound }
        let html = TranscriptPage.render(transcript, format: .html)
        return WebResponse.download(Array(html.utf8), type: "text/html; charset=utf-8", name: "conversation-\(found.listing.id).html")
    }

    /// The conversation's new rows as they come (`?from=N`: the rows the page has).
    func events(_ id: String?, from: Int, _ audience: Audience) async -> Response {
        guard let found = await find(id, audience) else { return notFound }
        guard let stream = data.hub.follow(found.listing.id, from: from) else {
            return WebResponse.refused(.serviceUnavailable, "Too many pages follow the server at once; reload later.")
        }
        return WebResponse.events(EventStream.body(stream, list: nil))
    }

    /// The list's changes as they come.
    func listEvents(_ audience: Audience) -> Response {
        guard let stream = data.hub.followList(account: audience.account) else {
            return WebResponse.refused(.serviceUnavailable, "Too many pages follow the server at once; reload later.")
        }
        let page = ListPage(title: "", base: audience.base, conversations: [], messages: [], showAccounts: audience.showsAccounts)
        return WebResponse.events(EventStream.body(stream, list: page))
    }

    func message(_ id: String?, _ audience: Audience) async -> Response {
        guard let found = await findMessage(id, audience) else { return notFound }
        return WebResponse.page(MessagePage(listing: found.listing, stored: found.stored, base: audience.base).html, script: false)
    }

    func messageSource(_ id: String?, _ audience: Audience) async -> Response {
        guard let found = await findMessage(id, audience) else { return notFound }
        return WebResponse.download(found.stored, type: "message/rfc822", name: "\(found.listing.id).eml")
    }

    private var notFound: Response {
        WebResponse.refused(.notFound, "There is no such conversation or message here (or it is no longer kept).")
    }

    /// The conversation, when this audience may see it.
    private func find(_ id: String?, _ audience: Audience) async -> (
        listing: ConversationListing, header: TranscriptHeader, rows: [String], text: String
    )? {
        guard let number = id.flatMap({ Int64($0) }), let found = await data.conversation(number) else { return nil }
        guard audience.account == nil || found.listing.account == audience.account else { return nil }
        return found
    }

    private func findMessage(_ id: String?, _ audience: Audience) async -> (listing: MessageListing, stored: [UInt8])? {
        guard let id, let found = await data.message(id) else { return nil }
        guard audience.account == nil || found.listing.account == audience.account else { return nil }
        return found
    }
}

/// Server-sent events (the HTML living standard's `text/event-stream`).
enum EventStream {
    /// The body that writes each update as one event, until the stream ends.
    static func body(_ stream: AsyncStream<LiveUpdate>, list: ListPage?) -> ResponseBody {
        ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": following\n\n"))
            for await update in stream {
                try await writer.write(ByteBuffer(string: event(update, list: list)))
                if case .ended = update { break }
            }
            try await writer.finish(nil)
        }
    }

    /// One event: its name, and its data split into lines (the HTML carries no CR).
    static func event(_ update: LiveUpdate, list: ListPage?) -> String {
        func named(_ name: String, _ data: String) -> String {
            "event: \(name)\n" + data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
        }
        switch update {
        case .rows(let html): return named("rows", html)
        case .listings(let listings): return named("listing", listings.map { list?.row($0) ?? "" }.joined())
        case .ended: return named("ended", "")
        case .reload: return named("reload", "")
        }
    }
}
