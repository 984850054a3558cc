import SMTPServer
import SMTPTranscript

/// Connects the practice server to the hub: every conversation gets a tap that tells the
/// hub what passes.
struct HubObserver: ConversationObserver {
    let hub: LiveHub

    func opened(_ conversation: ConversationOpening) -> any ConversationTap {
        HubTap(hub: hub, id: hub.open(conversation))
    }
}

/// One conversation's tap into the hub.
final class HubTap: ConversationTap {
    private let hub: LiveHub
    /// The conversation's id in the hub (and in the classroom's database).
    let id: Int64

    init(hub: LiveHub, id: Int64) {
        self.hub = hub
        self.id = id
    }

    func record(_ entry: TranscriptEntry) { hub.record(id, entry) }
    func authenticated(as user: String) { hub.authenticated(id, as: user) }
    func accepted(_ message: StoredMessage) { hub.accepted(id, message) }
    func ended() { hub.ended(id) }
}

extension LiveHub {
    /// What the practice server's configuration takes to show its conversations here.
    public var observer: any ConversationObserver { HubObserver(hub: self) }
}
