import SMTPCore
import SMTPTranscript
import SQLiteNIO

extension ClassroomDatabase {
    /// Records that a conversation began; returns its id.
    public func beginConversation(client: String, server: String, started: Double) async throws(ClassroomDatabaseError) -> Int64 {
        try await insertConversation(id: nil, client: client, server: server, started: started)
    }

    /// Records a conversation under the id the caller gives it (the web view's, which is the
    /// practice server's connection number after the database's last id), so that the live
    /// page and the stored conversation are the same page.
    public func beginConversation(id: Int64, client: String, server: String, started: Double) async throws(ClassroomDatabaseError) {
        _ = try await insertConversation(id: id, client: client, server: server, started: started)
    }

    private func insertConversation(id: Int64?, client: String, server: String, started: Double) async throws(ClassroomDatabaseError)
        -> Int64
    {
        try await write("record a conversation") { connection in
            let rows = try await connection.query(
                "INSERT INTO conversations (id, client, server, started) VALUES (?, ?, ?, ?) RETURNING id",
                [id.map { .integer(.init($0)) } ?? .null, .text(client), .text(server), .float(started)])
            let id = Int64(rows.first?.int("id") ?? 0)
            try await enforceBounds(account: nil, on: connection)
            return id
        }
    }

    /// Adds entries to a conversation, in one transaction. A secret entry is stored as its
    /// placeholder only (`AUTH PLAIN [redacted]`, `[redacted]`), never as its bytes.
    public func append(conversation: Int64, entries: [TranscriptEntry]) async throws(ClassroomDatabaseError) {
        guard !entries.isEmpty else { return }
        let lines = entries.map(StoredEntry.line)
        let lastReply = entries.last { $0.direction == .server }.map { VisibleText.escape(String(decoding: $0.bytes, as: UTF8.self)) }
        try await write("record a conversation's lines") { connection in
            let account = try await owner(of: conversation, on: connection)
            var byteCount = 0
            for start in stride(from: 0, to: entries.count, by: 300) {
                let end = min(start + 300, entries.count)
                var binds: [SQLiteData] = []
                for index in start..<end {
                    binds += [.integer(.init(conversation)), .float(entries[index].timestamp), .text(lines[index])]
                    byteCount += lines[index].utf8.count
                }
                let values = Array(repeating: "(?, ?, ?)", count: end - start).joined(separator: ", ")
                _ = try await connection.query("INSERT INTO entries (conversation, time, line) VALUES \(values)", binds)
            }
            _ = try await connection.query(
                "UPDATE conversations SET entries = entries + ?, bytes = bytes + ?, last_reply = coalesce(?, last_reply) WHERE id = ?",
                [.integer(.init(entries.count)), .integer(.init(byteCount)), lastReply.sqlite, .integer(.init(conversation))])
            try await enforceBounds(account: account, on: connection)
        }
    }

    /// Gives a conversation to the student who logged in during it (after AUTH); its
    /// messages go with it.
    public func assign(conversation: Int64, to account: String) async throws(ClassroomDatabaseError) {
        try await write("assign a conversation") { connection in
            _ = try await owner(of: conversation, on: connection)
            let binds: [SQLiteData] = [.text(account), .integer(.init(conversation))]
            _ = try await connection.query("UPDATE conversations SET account = ? WHERE id = ?", binds)
            _ = try await connection.query("UPDATE messages SET account = ? WHERE conversation = ?", binds)
            try await enforceBounds(account: account, on: connection)
        }
    }

    /// Records that a conversation ended, the state it reached and its last reply (nil
    /// keeps the last reply line appended).
    public func finish(conversation: Int64, ended: Double, state: String, lastReply: String?) async throws(ClassroomDatabaseError) {
        try await write("finish a conversation") { connection in
            let account = try await owner(of: conversation, on: connection)
            _ = try await connection.query(
                "UPDATE conversations SET ended = ?, state = ?, last_reply = coalesce(?, last_reply) WHERE id = ?",
                [.float(ended), .text(state), lastReply.sqlite, .integer(.init(conversation))])
            try await enforceBounds(account: account, on: connection)
        }
    }

    /// The conversations, newest first: one student's, or with `account` nil everybody's,
    /// the anonymous ones included (the teacher's list).
    public func conversations(account: String?, limit: Int) async throws(ClassroomDatabaseError) -> [ConversationSummary] {
        let columns = ConversationSummary.columns
        let rows =
            if let account {
                try await read(
                    "list conversations",
                    "SELECT \(columns) FROM conversations WHERE account = ? ORDER BY started DESC, id DESC LIMIT ?",
                    [.text(account), .integer(.init(limit))])
            } else {
                try await read(
                    "list conversations", "SELECT \(columns) FROM conversations ORDER BY started DESC, id DESC LIMIT ?",
                    [.integer(.init(limit))])
            }
        return rows.map(ConversationSummary.init(row:))
    }

    /// One conversation's summary, or nil when there is none with that id (or it was dropped).
    public func conversation(_ id: Int64) async throws(ClassroomDatabaseError) -> ConversationSummary? {
        let rows = try await read(
            "read a conversation", "SELECT \(ConversationSummary.columns) FROM conversations WHERE id = ?", [.integer(.init(id))])
        return rows.first.map(ConversationSummary.init(row:))
    }

    /// A conversation's entries, in order (empty when there is no such conversation).
    public func entries(conversation: Int64) async throws(ClassroomDatabaseError) -> [TranscriptEntry] {
        let rows = try await read(
            "read a conversation's lines", "SELECT line FROM entries WHERE conversation = ? ORDER BY id",
            [.integer(.init(conversation))])
        do {
            return try StoredEntry.entries(rows.compactMap { $0.text("line") }, path: path)
        } catch {
            throw ClassroomDatabaseError(kind: .corrupt, path: path, message: "\(path): conversation \(conversation): \(error)")
        }
    }

    /// The account a conversation belongs to (nil: nobody's yet); throws when it does not exist.
    func owner(of conversation: Int64, on connection: SQLiteConnection) async throws -> String? {
        let rows = try await connection.query("SELECT account FROM conversations WHERE id = ?", [.integer(.init(conversation))])
        guard let row = rows.first else {
            throw ClassroomDatabaseError(
                kind: .failed, path: path, message: "classroom database \(path): there is no conversation \(conversation)")
        }
        return row.text("account")
    }
}
