/// The pages following the hub: each conversation's, and the lists. A page that went away
/// is forgotten at the next update it would have had; there are at most `limit` at once.
struct Watchers {
    typealias Continuation = AsyncStream<LiveUpdate>.Continuation

    static let limit = 512

    private var conversations: [Int64: [Int: Continuation]] = [:]
    private var lists: [Int: (account: String?, continuation: Continuation)] = [:]
    private var count = 0
    private var nextToken = 0

    /// Whether another page may follow.
    var hasRoom: Bool { count < Self.limit }

    /// Whether a page follows conversation `id` (its lines are then drawn as they come).
    func isFollowed(_ id: Int64) -> Bool { !(conversations[id]?.isEmpty ?? true) }

    /// Listings changed since the lists were last told, the latest of each conversation.
    private var pendingListings: [Int64: ConversationListing] = [:]

    mutating func add(_ continuation: Continuation, to id: Int64) {
        nextToken += 1
        conversations[id, default: [:]][nextToken] = continuation
        count += 1
    }

    mutating func addList(_ continuation: Continuation, account: String?) {
        nextToken += 1
        lists[nextToken] = (account, continuation)
        count += 1
    }

    /// New rows for the pages following conversation `id`.
    mutating func rows(_ html: String, for id: Int64) {
        guard let followers = conversations[id] else { return }
        for (token, continuation) in followers where !send(.rows(html), to: continuation) {
            conversations[id]?[token] = nil
            count -= 1
        }
    }

    /// A conversation's listing changed: the lists that show it are told at the next
    /// `flushListings` (twice a second), once for all its changes meanwhile.
    mutating func listChanged(_ listing: @autoclosure () -> ConversationListing) {
        // Nobody watching a list: the listing is not even made.
        guard !lists.isEmpty else { return }
        let made = listing()
        pendingListings[made.id] = made
    }

    /// Tells the lists the listings that changed since the last time.
    mutating func flushListings() {
        guard !pendingListings.isEmpty else { return }
        let changed = pendingListings.values.sorted { $0.id < $1.id }
        pendingListings = [:]
        for (token, list) in lists {
            let shown = changed.filter { list.account == nil || list.account == $0.account }
            if !shown.isEmpty, !send(.listings(shown), to: list.continuation) {
                lists[token] = nil
                count -= 1
            }
        }
    }

    /// Conversation `id` is over (or forgotten): its followers stop.
    mutating func ended(_ id: Int64) {
        guard let followers = conversations.removeValue(forKey: id) else { return }
        for continuation in followers.values {
            continuation.yield(.ended)
            continuation.finish()
        }
        count -= followers.count
    }

    mutating func finishAll() {
        for followers in conversations.values {
            for continuation in followers.values { continuation.finish() }
        }
        for list in lists.values { list.continuation.finish() }
        conversations = [:]
        lists = [:]
        count = 0
    }

    /// Sends an update; false when the page has gone. A page too far behind is told to reload
    /// (what it missed is on the page when it loads again).
    private func send(_ update: LiveUpdate, to continuation: Continuation) -> Bool {
        switch continuation.yield(update) {
        case .enqueued: return true
        case .dropped:
            continuation.yield(.reload)
            return true
        case .terminated: return false
        @unknown default: return false
        }
    }
}
