import Testing

@testable import SMTPClassroom

/// The database stays bounded: per student, the oldest conversations go first.
@Suite struct BoundsTests {
    private func conversation(
        _ database: ClassroomDatabase, account: String?, started: Double, lines: Int = 1, finish: Bool = true
    ) async throws -> Int64 {
        let id = try await database.beginConversation(client: "c", server: "s", started: started)
        var builder = ConversationBuilder(started: started)
        for index in 0..<lines { builder.client("NOOP \(index) " + String(repeating: "x", count: 80)) }
        try await database.append(conversation: id, entries: builder.entries)
        if let account { try await database.assign(conversation: id, to: account) }
        if finish { try await database.finish(conversation: id, ended: started + 1, state: "greeted", lastReply: nil) }
        return id
    }

    @Test func theOldestConversationsOfAStudentAreDropped() async throws {
        let limits = ClassroomLimits(conversations: 3, anonymousConversations: 2)
        let database = try await ClassroomDatabase.open(path: try temporaryDatabasePath(), limits: limits)
        var alice: [Int64] = []
        for index in 0..<5 { alice.append(try await conversation(database, account: "alice", started: Double(100 + index))) }
        let bob = try await conversation(database, account: "bob", started: 50)
        var anonymous: [Int64] = []
        for index in 0..<4 { anonymous.append(try await conversation(database, account: nil, started: Double(200 + index))) }
        #expect(try await database.conversations(account: "alice", limit: 10).map(\.id) == alice.suffix(3).reversed())
        #expect(try await database.conversations(account: "bob", limit: 10).map(\.id) == [bob])
        let all = try await database.conversations(account: nil, limit: 20).map(\.id)
        #expect(all == anonymous.suffix(2).reversed() + alice.suffix(3).reversed() + [bob])
        #expect(try await database.entries(conversation: alice[0]).isEmpty)
        await database.close()
    }

    @Test func bytesAreBoundedWithMessagesCounted() async throws {
        let limits = ClassroomLimits(bytes: 8_000)
        let database = try await ClassroomDatabase.open(path: try temporaryDatabasePath(), limits: limits)
        var ids: [Int64] = []
        for index in 0..<6 { ids.append(try await conversation(database, account: "alice", started: Double(index), lines: 10)) }
        let kept = try await database.conversations(account: "alice", limit: 20)
        #expect(kept.reduce(0) { $0 + $1.byteCount } <= 8_000)
        #expect(kept.first?.id == ids.last)
        #expect(kept.count < 6)
        // A big message dropped with its conversation, and the count of messages stays.
        let id = try await conversation(database, account: "alice", started: 10, finish: false)
        try await database.storeMessage(
            conversation: id, account: "alice", id: "BIG", from: "a@example.org", recipients: ["b@example.org"],
            data: Array(repeating: 0x41, count: 7_000), received: 11)
        try await database.finish(conversation: id, ended: 12, state: "message accepted", lastReply: nil)
        #expect(try await database.conversations(account: "alice", limit: 20).map(\.id) == [id])
        _ = try await conversation(database, account: "alice", started: 20, lines: 10)
        #expect(try await database.message(id: "BIG") == nil)
        #expect(try await database.conversation(id) == nil)
        await database.close()
    }

    @Test func aConversationGoingOnIsNeverDropped() async throws {
        let limits = ClassroomLimits(conversations: 1)
        let database = try await ClassroomDatabase.open(path: try temporaryDatabasePath(), limits: limits)
        let first = try await conversation(database, account: "alice", started: 1, finish: false)
        let second = try await conversation(database, account: "alice", started: 2, finish: false)
        #expect(try await database.conversations(account: "alice", limit: 10).count == 2)
        try await database.finish(conversation: first, ended: 3, state: "greeted", lastReply: nil)
        #expect(try await database.conversations(account: "alice", limit: 10).map(\.id) == [second])
        await database.close()
    }
}
