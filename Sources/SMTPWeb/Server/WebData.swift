import SMTPConsole
import SMTPServer
import SMTPTranscript

/// Conversations and messages kept somewhere other than in memory: the classroom's
/// database, which outlives the server.
public protocol ConversationArchive: Sendable {
    /// The conversations kept, newest first; only `account`'s when given.
    func listings(account: String?, limit: Int) async -> [ConversationListing]
    /// A conversation and its text transcript.
    func transcript(_ id: Int64) async -> (listing: ConversationListing, text: String)?
    /// The messages kept, newest first; only `account`'s when given.
    func messages(account: String?, limit: Int) async -> [MessageListing]
    /// A message and its bytes as stored.
    func message(_ id: String) async -> (listing: MessageListing, stored: [UInt8])?
}

/// Where the pages read: the hub for what happens while the server runs, the practice
/// server's store for message bytes, the archive (classroom) for the rest.
struct WebData: Sendable {
    let hub: LiveHub
    let store: MessageStore
    let archive: (any ConversationArchive)?

    /// Rows a list shows at most: a class of 30 sending 20 messages each fits whole.
    static let listLimit = 2000

    func listings(account: String?) async -> [ConversationListing] {
        let live = hub.listings(account: account)
        guard let archive else { return live }
        let seen = Set(live.map(\.id))
        let older = await archive.listings(account: account, limit: Self.listLimit).filter { !seen.contains($0.id) }
        return Array((live + older).sorted { $0.id > $1.id }.prefix(Self.listLimit))
    }

    func messages(account: String?) async -> [MessageListing] {
        let live = hub.messages(account: account)
        guard let archive else { return live }
        let seen = Set(live.map(\.id))
        let older = await archive.messages(account: account, limit: Self.listLimit).filter { !seen.contains($0.id) }
        return Array((live + older).prefix(Self.listLimit))
    }

    /// A conversation's listing, header and rows: from the hub while kept there, else read
    /// again from the archive's transcript with the same renderer.
    func conversation(_ id: Int64) async -> (listing: ConversationListing, header: TranscriptHeader, rows: [String], text: String)? {
        if let live = hub.conversation(id) { return (live.listing, live.header, live.rows, live.transcript) }
        guard let (listing, text) = await archive?.transcript(id) else { return nil }
        guard let (header, rows) = LiveConversationRows.rows(ofTranscript: text) else { return nil }
        return (listing, header, rows, text)
    }

    /// The messages of conversation `id`.
    func messages(ofConversation id: Int64, account: String?) async -> [MessageListing] {
        if let live = hub.conversation(id) { return live.messages }
        return await messages(account: account).filter { $0.conversation == id }
    }

    func message(_ id: String) async -> (listing: MessageListing, stored: [UInt8])? {
        if let listing = hub.messages().first(where: { $0.id == id }), let message = store.message(id: id) {
            return (listing, message.storedBytes)
        }
        return await archive?.message(id)
    }
}
