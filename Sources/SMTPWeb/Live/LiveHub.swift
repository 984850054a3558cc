import NIOCore
import NIOPosix
import SMTPConsole
import SMTPCore
import SMTPServer
import SMTPTranscript
import Synchronization

/// The conversations the web view shows, kept in memory while the server runs, and the
/// pages that follow them live. Bounded whatever clients do: the number of conversations,
/// the bytes each keeps, the bytes all keep, and what waits for a slow browser.
public final class LiveHub: Sendable {
    /// How much the hub keeps.
    public struct Limits: Sendable {
        /// Conversations kept; the oldest that have ended go first.
        public var conversations = 500
        /// Bytes of transcript and rows one conversation keeps; later lines are counted, not kept.
        public var bytesPerConversation = 2 << 20
        /// Bytes all conversations keep together.
        public var bytes = 48 << 20
        /// Updates waiting for one browser; when it falls further behind, it is told to reload.
        public var pendingUpdates = 1024

        public init() {}
    }

    let limits: Limits
    private let state: Mutex<State>
    /// Tells the lists what changed, a few times a second.
    private let flusher = Mutex<RepeatedTask?>(nil)

    struct State {
        var conversations: [Int64: LiveConversation] = [:]
        /// Ids, oldest first.
        var order: [Int64] = []
        var bytes = 0
        var watchers = Watchers()
        var closed = false
    }

    /// The id of the server's first connection; connection N gets `firstID + N - 1`.
    let firstID: Int64

    /// A hub whose first conversation gets `firstID` (the classroom continues its database's numbering).
    public init(limits: Limits = Limits(), firstID: Int64 = 1) {
        self.limits = limits
        self.firstID = firstID
        state = Mutex(State())
        let task = NIOSingletons.posixEventLoopGroup.next().scheduleRepeatedTask(
            initialDelay: Self.listInterval, delay: Self.listInterval
        ) { [weak self] _ in self?.state.withLock { $0.watchers.flushListings() } }
        flusher.withLock { $0 = task }
    }

    /// How often the lists are told what changed.
    static let listInterval = TimeAmount.milliseconds(500)

    deinit { flusher.withLock { $0?.cancel() } }

    /// The id of a conversation: its connection's number after `firstID`, so that every
    /// observer of the same server (the hub, the classroom's database) names it alike.
    public func id(of opening: ConversationOpening) -> Int64 { firstID + Int64(opening.number) - 1 }

    // MARK: Told by the server

    /// A conversation began; its id.
    func open(_ opening: ConversationOpening) -> Int64 {
        let id = id(of: opening)
        return state.withLock { state in
            state.conversations[id] = LiveConversation(id: id, opening: opening)
            state.order.append(id)
            evict(&state)
            if let conversation = state.conversations[id] { state.watchers.listChanged(conversation.listing) }
            return id
        }
    }

    /// More transcript entries of conversation `id`, and how far it has gone with them.
    func record(_ id: Int64, _ entries: [TranscriptEntry], state reached: ConversationState) {
        let closed = entries.last { if case .closed? = $0.event { true } else { false } }?.timestamp
        state.withLock { state in
            guard var conversation = state.conversations.removeValue(forKey: id) else { return }
            // The lists are told when the conversation reaches a step or ends, not at every
            // reply: a busy class would flood the teacher's page (the last reply shown is then
            // the one of that moment).
            let changed = conversation.state.marks != reached.marks || (closed != nil && conversation.ended == nil)
            conversation.state = reached
            if let closed { conversation.ended = closed }
            keep(entries, in: &conversation, state: &state)
            state.conversations[id] = conversation
            if changed { state.watchers.listChanged(conversation.listing) }
            evict(&state)
        }
    }

    /// The client of conversation `id` logged in as `user`.
    func authenticated(_ id: Int64, as user: String, state reached: ConversationState) {
        update(id) { conversation in
            conversation.account = user
            conversation.state = reached
        }
    }

    /// Conversation `id` had a message accepted.
    func accepted(_ id: Int64, _ message: StoredMessage) {
        let subject = message.subject
        update(id) { conversation in
            conversation.messages.append(
                MessageListing(
                    id: message.id, conversation: id, account: conversation.account, from: message.from,
                    recipients: message.recipients, size: message.data.count, subject: subject,
                    received: message.receivedAt.timeIntervalSince1970))
        }
    }

    /// Conversation `id` is over: its followers are told, and it may now be evicted.
    func ended(_ id: Int64) {
        state.withLock { state in
            state.watchers.ended(id)
            evict(&state)
        }
    }

    // MARK: Read by the pages

    /// The conversations kept, newest first; only `account`'s when given.
    public func listings(account: String? = nil) -> [ConversationListing] {
        state.withLock { state in
            state.order.reversed().compactMap { state.conversations[$0] }.filter { account == nil || $0.account == account }
                .map(\.listing)
        }
    }

    /// The messages of the conversations kept, newest first; only `account`'s when given.
    public func messages(account: String? = nil) -> [MessageListing] {
        state.withLock { state in
            state.order.reversed().compactMap { state.conversations[$0] }.filter { account == nil || $0.account == account }
                .flatMap { $0.messages.reversed() }
        }
    }

    /// Conversation `id` as it is now, every line drawn.
    func conversation(_ id: Int64) -> LiveConversation? {
        state.withLock { state in
            guard var conversation = state.conversations.removeValue(forKey: id) else { return nil }
            render(&conversation, state: &state)
            state.conversations[id] = conversation
            return conversation
        }
    }

    /// Follows conversation `id` from its row `from`: the rows it has beyond that at once, then
    /// each new group as it comes; the stream finishes when the conversation ends. Nil when
    /// the conversation is not kept, or too many pages follow already.
    func follow(_ id: Int64, from: Int) -> AsyncStream<LiveUpdate>? {
        state.withLock { state in
            guard !state.closed, state.watchers.hasRoom, var conversation = state.conversations.removeValue(forKey: id) else {
                return nil
            }
            render(&conversation, state: &state)
            state.conversations[id] = conversation
            let (stream, continuation) = AsyncStream.makeStream(
                of: LiveUpdate.self, bufferingPolicy: .bufferingNewest(limits.pendingUpdates))
            let missed = conversation.rows.dropFirst(max(0, from))
            if !missed.isEmpty { continuation.yield(.rows(missed.joined())) }
            if conversation.ended != nil {
                continuation.yield(.ended)
                continuation.finish()
            } else {
                state.watchers.add(continuation, to: id)
            }
            return stream
        }
    }

    /// Follows the list of conversations: each conversation whose listing changes, as it
    /// changes; only `account`'s when given. Nil when too many pages follow already.
    func followList(account: String?) -> AsyncStream<LiveUpdate>? {
        state.withLock { state in
            guard !state.closed, state.watchers.hasRoom else { return nil }
            let (stream, continuation) = AsyncStream.makeStream(
                of: LiveUpdate.self, bufferingPolicy: .bufferingNewest(limits.pendingUpdates))
            // The conversations still going on, as they are now: what changed between the
            // page being made and its stream opening is not lost.
            let live = state.order.suffix(100).compactMap { state.conversations[$0] }.filter {
                $0.ended == nil && (account == nil || $0.account == account)
            }
            if !live.isEmpty { continuation.yield(.listings(live.map(\.listing))) }
            state.watchers.addList(continuation, account: account)
            return stream
        }
    }

    /// Ends every stream, so that the web server can stop.
    func close() {
        flusher.withLock { $0?.cancel() }
        state.withLock { state in
            state.closed = true
            state.watchers.finishAll()
        }
    }

    // MARK: Bounds

    private func update(_ id: Int64, _ change: (inout LiveConversation) -> Void) {
        state.withLock { state in
            guard var conversation = state.conversations[id] else { return }
            change(&conversation)
            state.conversations[id] = conversation
            state.watchers.listChanged(conversation.listing)
        }
    }

    /// Keeps entries while the conversation is under its bound; draws them at once when a page follows.
    private func keep(_ entries: [TranscriptEntry], in conversation: inout LiveConversation, state: inout State) {
        for entry in entries {
            if conversation.droppedLines > 0 {
                conversation.droppedLines += 1
                continue
            }
            let size = LiveConversation.keptSize(of: entry)
            if conversation.lineBytes + size > limits.bytesPerConversation / 4 {
                conversation.droppedLines = 1
            } else {
                conversation.entries.append(entry)
                conversation.lineBytes += size
                conversation.bytes += size
                state.bytes += size
            }
        }
        if state.watchers.isFollowed(conversation.id) { render(&conversation, state: &state) }
    }

    /// Makes the rows of the lines not drawn yet, and tells the pages that follow.
    private func render(_ conversation: inout LiveConversation, state: inout State) {
        var fresh: [String] = []
        var renderer = conversation.renderer.take() ?? LiveConversationRows(header: conversation.header)
        for entry in conversation.entries[conversation.rendered...] {
            fresh += renderer.add(textLine: String(LiveConversation.line(for: entry).dropLast()))
        }
        conversation.renderer = renderer
        conversation.rendered = conversation.entries.count
        if conversation.droppedLines > 0 && !conversation.noted {
            conversation.noted = true
            fresh.append(
                "<li class=\"event other truncated\">The rest of this conversation is not kept: it is over "
                    + "\(limits.bytesPerConversation / 1024) KiB. The server still answers it.</li>\n")
        }
        guard !fresh.isEmpty else { return }
        let size = fresh.reduce(0) { $0 + $1.utf8.count }
        conversation.rows += fresh
        conversation.bytes += size
        state.bytes += size
        state.watchers.rows(fresh.joined(), for: conversation.id)
    }

    /// Forgets the oldest conversations, ended ones first, while over a bound.
    private func evict(_ state: inout State) {
        while state.order.count > limits.conversations || state.bytes > limits.bytes, state.order.count > 1 {
            let index = state.order.firstIndex { state.conversations[$0]?.ended != nil } ?? 0
            let id = state.order.remove(at: index)
            if let gone = state.conversations.removeValue(forKey: id) { state.bytes -= gone.bytes }
            state.watchers.ended(id)
        }
    }
}

/// What a following page is sent.
enum LiveUpdate: Sendable {
    /// New rows of the conversation, HTML.
    case rows(String)
    /// The conversations whose listings changed since the last time, oldest first (the list page).
    case listings([ConversationListing])
    /// The conversation is over: stop following.
    case ended
    /// Updates were dropped for a slow browser: reload the page.
    case reload
}
