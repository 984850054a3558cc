import SMTPClassroom
import SMTPCore
import SMTPServer
import SMTPTranscript

/// The class's database read by the pages: the conversations and messages of earlier
/// lessons, and of this one once the hub has let them go.
struct ClassroomArchive: ConversationArchive {
    let database: ClassroomDatabase

    func listings(account: String?, limit: Int) async -> [ConversationListing] {
        let found = (try? await database.conversations(account: account, limit: limit)) ?? []
        return found.map(Self.listing)
    }

    func transcript(_ id: Int64) async -> (listing: ConversationListing, text: String)? {
        guard let summary = try? await database.conversation(id), let entries = try? await database.entries(conversation: id) else {
            return nil
        }
        let header = TranscriptHeader(
            smtpcVersion: SmtpcVersion.number, target: summary.server, started: summary.started, tls: "none", lmtp: false,
            timestamps: true)
        let text =
            TranscriptFormat.text.line(for: header)
            + entries.map { TranscriptFormat.text.line(for: $0, keepSecrets: false, timestamps: true) }.joined()
        return (Self.listing(summary), text)
    }

    func messages(account: String?, limit: Int) async -> [MessageListing] {
        let found = (try? await database.messages(account: account, limit: limit)) ?? []
        return found.map { Self.listing($0, subject: StoredMessage.subject(in: $0.head)) }
    }

    func message(_ id: String) async -> (listing: MessageListing, stored: [UInt8])? {
        guard let (summary, data) = try? await database.message(id: id) else { return nil }
        return (Self.listing(summary, subject: StoredMessage.subject(in: data)), data)
    }

    static func listing(_ summary: ConversationSummary) -> ConversationListing {
        ConversationListing(
            id: summary.id, client: summary.client, started: summary.started, ended: summary.ended, account: summary.account,
            state: summary.state.isEmpty ? "unfinished" : summary.state, lastReply: summary.lastReply, messages: 0, live: false)
    }

    static func listing(_ summary: StoredMessageSummary, subject: String?) -> MessageListing {
        MessageListing(
            id: summary.id, conversation: summary.conversation ?? 0, account: summary.account, from: summary.from,
            recipients: summary.recipients, size: summary.size, subject: subject, received: summary.received)
    }
}
