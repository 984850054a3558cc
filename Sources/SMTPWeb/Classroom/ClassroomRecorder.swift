import SMTPClassroom
import SMTPCore
import SMTPServer
import SMTPTranscript
import Synchronization

/// Writes every conversation of the class to its database as it happens, in order, from
/// one task: the conversation, its entries in small batches, who logged in, the messages,
/// and how far it went when it ends. The queue is bounded: if the disk cannot keep up,
/// entries are dropped and counted (`dropped`), never held without limit.
final class ClassroomRecorder: ConversationObserver, Sendable {
    enum Operation: Sendable {
        case begin(Int64, ConversationOpening)
        case append(Int64, [TranscriptEntry])
        case assign(Int64, String)
        case message(Int64, String?, StoredMessage)
        case finish(Int64, ended: Double, state: String, lastReply: String?)
    }

    /// Operations waiting for the database at most.
    static let queueLimit = 20_000

    let database: ClassroomDatabase
    private let idOf: @Sendable (ConversationOpening) -> Int64
    private let queue: AsyncStream<Operation>.Continuation
    private let writer: Task<Void, Never>
    private let droppedCount = Atomic<Int>(0)

    /// `idOf`: the conversation's id, the hub's; `report`: a failed write, said once per kind.
    init(
        database: ClassroomDatabase, idOf: @escaping @Sendable (ConversationOpening) -> Int64, report: @escaping @Sendable (String) -> Void
    ) {
        self.database = database
        self.idOf = idOf
        let (stream, queue) = AsyncStream.makeStream(of: Operation.self, bufferingPolicy: .bufferingOldest(Self.queueLimit))
        self.queue = queue
        writer = Task {
            var reported = Set<String>()
            for await operation in stream {
                do throws(ClassroomDatabaseError) {
                    try await Self.perform(operation, on: database)
                } catch {
                    if reported.insert(error.message).inserted { report("classroom database: \(error.description)") }
                }
            }
        }
    }

    /// Operations dropped because the database fell behind.
    var dropped: Int { droppedCount.load(ordering: .relaxed) }

    func opened(_ conversation: ConversationOpening) -> any ConversationTap {
        let id = idOf(conversation)
        enqueue(.begin(id, conversation))
        return ClassroomTap(recorder: self, id: id)
    }

    func enqueue(_ operation: Operation) {
        if case .dropped = queue.yield(operation) { droppedCount.add(1, ordering: .relaxed) }
    }

    /// Writes what is queued, then stops.
    func finish() async {
        queue.finish()
        await writer.value
    }

    private static func perform(_ operation: Operation, on database: ClassroomDatabase) async throws(ClassroomDatabaseError) {
        switch operation {
        case .begin(let id, let opening):
            try await database.beginConversation(id: id, client: opening.client, server: opening.server, started: opening.started)
        case .append(let id, let entries):
            try await database.append(conversation: id, entries: entries)
        case .assign(let id, let user):
            try await database.assign(conversation: id, to: user)
        case .message(let id, let account, let message):
            try await database.storeMessage(
                conversation: id, account: account, id: message.id, from: message.from, recipients: message.recipients,
                data: message.storedBytes, received: message.receivedAt.timeIntervalSince1970)
        case .finish(let id, let ended, let state, let lastReply):
            try await database.finish(conversation: id, ended: ended, state: state, lastReply: lastReply)
        }
    }
}

/// One conversation's tap into the database: each group of entries (a read and its replies)
/// is written as one, so that a command and its reply are written together.
final class ClassroomTap: ConversationTap {
    private let recorder: ClassroomRecorder
    private let id: Int64
    private var state = ConversationState()
    private var account: String?
    private var lastTime = 0.0

    init(recorder: ClassroomRecorder, id: Int64) {
        self.recorder = recorder
        self.id = id
    }

    func record(_ entries: [TranscriptEntry]) {
        for entry in entries { state.record(entry) }
        lastTime = entries.last?.timestamp ?? lastTime
        recorder.enqueue(.append(id, entries))
    }

    func authenticated(as user: String) {
        account = user
        state.authenticated()
        recorder.enqueue(.assign(id, user))
    }

    func accepted(_ message: StoredMessage) {
        recorder.enqueue(.message(id, account, message))
    }

    func ended() {
        recorder.enqueue(.finish(id, ended: lastTime, state: state.summary, lastReply: state.lastReply))
    }
}
