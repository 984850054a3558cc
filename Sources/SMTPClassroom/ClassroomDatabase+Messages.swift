import NIOCore
import SQLiteNIO

extension ClassroomDatabase {
    /// Stores a message the server accepted; it counts against `account`'s message limit
    /// (``messageCount(account:)``) and, with its conversation, against the bytes kept.
    public func storeMessage(
        conversation: Int64?, account: String?, id: String, from: String, recipients: [String], data: [UInt8], received: Double
    ) async throws(ClassroomDatabaseError) {
        try await write("store a message") { connection in
            var owner = account
            if let conversation { owner = try await self.owner(of: conversation, on: connection) ?? account }
            let conversationData: SQLiteData = conversation.map { .integer(.init($0)) } ?? .null
            _ = try await connection.query(
                """
                INSERT INTO messages (id, conversation, account, sender, recipients, data, size, received)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), conversationData, owner.sqlite, .text(from), .text(recipients.joined(separator: "\n")),
                    .blob(ByteBuffer(bytes: data)), .integer(.init(data.count)), .float(received),
                ])
            if let conversation {
                _ = try await connection.query(
                    "UPDATE conversations SET bytes = bytes + ? WHERE id = ?", [.integer(.init(data.count)), .integer(.init(conversation))])
            }
            if let owner {
                _ = try await connection.query("UPDATE accounts SET messages = messages + 1 WHERE name = ?", [.text(owner)])
            }
            try await enforceBounds(account: owner, on: connection)
        }
    }

    /// The messages, newest first: one student's, or with `account` nil everybody's.
    public func messages(account: String?, limit: Int) async throws(ClassroomDatabaseError) -> [StoredMessageSummary] {
        let columns = StoredMessageSummary.columns
        let rows =
            if let account {
                try await read(
                    "list messages", "SELECT \(columns) FROM messages WHERE account = ? ORDER BY received DESC, rowid DESC LIMIT ?",
                    [.text(account), .integer(.init(limit))])
            } else {
                try await read(
                    "list messages", "SELECT \(columns) FROM messages ORDER BY received DESC, rowid DESC LIMIT ?",
                    [.integer(.init(limit))])
            }
        return rows.map(StoredMessageSummary.init(row:))
    }

    /// One message and its bytes, or nil when there is none with that id (or it was dropped).
    public func message(id: String) async throws(ClassroomDatabaseError) -> (summary: StoredMessageSummary, data: [UInt8])? {
        let rows = try await read(
            "read a message", "SELECT \(StoredMessageSummary.columns), data FROM messages WHERE id = ?", [.text(id)])
        guard let row = rows.first else { return nil }
        let data = row.column("data")?.blob.map { Array($0.readableBytesView) } ?? []
        return (StoredMessageSummary(row: row), data)
    }

    /// Drops `account`'s oldest finished conversations (with their entries and messages),
    /// then its oldest messages outside any conversation, until it is within its limits;
    /// `account` nil bounds the anonymous conversations together. A conversation still
    /// going on is never dropped.
    func enforceBounds(account: String?, on connection: SQLiteConnection) async throws {
        let maximumCount = account == nil ? limits.anonymousConversations : limits.conversations
        let maximumBytes = account == nil ? limits.anonymousBytes : limits.bytes
        let owner = account.sqlite
        func usage() async throws -> (count: Int, bytes: Int) {
            let rows = try await connection.query(
                """
                SELECT (SELECT count(*) FROM conversations WHERE account IS ?1) AS count,
                    (SELECT coalesce(sum(bytes), 0) FROM conversations WHERE account IS ?1)
                    + (SELECT coalesce(sum(size), 0) FROM messages WHERE conversation IS NULL AND account IS ?1) AS bytes
                """, [owner])
            return (rows.first?.int("count") ?? 0, rows.first?.int("bytes") ?? 0)
        }
        var (count, bytes) = try await usage()
        if count > maximumCount {
            _ = try await connection.query(
                """
                DELETE FROM conversations WHERE id IN (SELECT id FROM conversations
                    WHERE account IS ? AND ended IS NOT NULL ORDER BY started, id LIMIT ?)
                """, [owner, .integer(.init(count - maximumCount))])
            (count, bytes) = try await usage()
        }
        while bytes > maximumBytes {
            let oldest = try await connection.query(
                "SELECT id FROM conversations WHERE account IS ? AND ended IS NOT NULL ORDER BY started, id LIMIT 1", [owner])
            if let id = oldest.first?.column("id") {
                _ = try await connection.query("DELETE FROM conversations WHERE id = ?", [id])
            } else {
                let message = try await connection.query(
                    "SELECT rowid FROM messages WHERE conversation IS NULL AND account IS ? ORDER BY received, rowid LIMIT 1", [owner])
                guard let rowid = message.first?.column("rowid") else { return }
                _ = try await connection.query("DELETE FROM messages WHERE rowid = ?", [rowid])
            }
            (count, bytes) = try await usage()
        }
    }
}
