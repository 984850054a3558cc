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

/// One conversation's tap into the hub. It follows how far the conversation has gone on
/// the connection's own event loop, and takes the hub's lock once per group of entries.
final class HubTap: ConversationTap {
    private let hub: LiveHub
    /// The conversation's id in the hub (and in the classroom's database).
    let id: Int64
    private var state = ConversationState()

    init(hub: LiveHub, id: Int64) {
        self.hub = hub
        self.id = id
    }

    func record(_ entries: [TranscriptEntry]) {
        for entry in entries { state.record(entry) }
        hub.record(id, entries, state: state)
    }

    func authenticated(as user: String) {
        state.authenticated()
        hub.authenticated(id, as: user, state: state)
    }

    func accepted(_ message: StoredMessage) { hub.accepted(id, message) }
    func ended() { hub.ended(id) }
}

extension LiveHub {
    /// What the practice server's configuration takes to show its conversations here.
    public var observer: any ConversationObserver { HubObserver(hub: self) }
}
