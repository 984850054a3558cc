import NIOCore
import SQLiteNIO

/// The classroom's SQLite database: the accounts (bcrypt hashes), every conversation with
/// its transcript entries, the messages received, each kept apart by student and bounded
/// by ``ClassroomLimits``.
///
/// It runs in WAL mode with `synchronous = NORMAL`: the practice server writes many small
/// transactions (a batch of lines at a time) while the web pages read, and in WAL a reader
/// never waits for a writer nor a writer for readers; NORMAL syncs at checkpoints only, so
/// a line costs no fsync, and a crash of the machine may lose the last transactions but
/// never corrupts the file. So writes go through one connection, one transaction at a time
/// (``WriteGate``), and reads through a second, read-only one.
public final class ClassroomDatabase: Sendable {
    /// The database file.
    public let path: String
    /// The bounds applied after each write.
    public let limits: ClassroomLimits
    let writer: SQLiteConnection
    let reader: SQLiteConnection
    let gate = WriteGate()

    init(path: String, limits: ClassroomLimits, writer: SQLiteConnection, reader: SQLiteConnection) {
        self.path = path
        self.limits = limits
        self.writer = writer
        self.reader = reader
    }

    /// Opens the database at `path`, creating it (and its missing directories, mode 0700)
    /// when there is none, and bringing an older schema up to date.
    ///
    /// An existing file is first inspected read-only: a file that is not SQLite or fails
    /// `PRAGMA quick_check`, another program's database, or one from a newer smtpc is
    /// refused and left byte for byte as it was.
    public static func open(path: String, limits: ClassroomLimits = .init()) async throws(ClassroomDatabaseError) -> ClassroomDatabase {
        try await DatabaseFile.prepare(path)
        let writer = try await DatabaseFile.connect(path, readOnly: false)
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"] {
                _ = try await writer.query(pragma)
            }
        } catch {
            try? await writer.close()
            throw .cannotOpen(path, "\(error)")
        }
        let database: ClassroomDatabase
        do {
            try await DatabaseFile.migrate(writer, path: path)
            let reader = try await DatabaseFile.connect(path, readOnly: true)
            database = ClassroomDatabase(path: path, limits: limits, writer: writer, reader: reader)
        } catch {
            try? await writer.close()
            throw error
        }
        try await database.closeInterrupted()
        return database
    }

    /// Closes both connections; the database must not be used afterwards.
    public func close() async {
        await gate.enter()
        try? await reader.close()
        try? await writer.close()
        await gate.leave()
    }

    /// Conversations an earlier run left open (it stopped without finishing them) end at
    /// their last entry, so that the bounds can drop them like any other.
    private func closeInterrupted() async throws(ClassroomDatabaseError) {
        try await write("close interrupted conversations") { connection in
            _ = try await connection.query(
                """
                UPDATE conversations SET ended = coalesce((SELECT max(time) FROM entries WHERE conversation = conversations.id), started)
                WHERE ended IS NULL
                """)
        }
    }

    /// Runs `body` in one write transaction, alone on the write connection: committed when
    /// it returns, rolled back when it throws.
    func write<T>(_ what: String, _ body: (SQLiteConnection) async throws -> T) async throws(ClassroomDatabaseError) -> T {
        await gate.enter()
        let result: Result<T, any Error>
        do {
            _ = try await writer.query("BEGIN IMMEDIATE")
            do {
                let value = try await body(writer)
                _ = try await writer.query("COMMIT")
                result = .success(value)
            } catch {
                _ = try? await writer.query("ROLLBACK")
                throw error
            }
        } catch {
            result = .failure(error)
        }
        await gate.leave()
        switch result {
        case .success(let value): return value
        case .failure(let error as ClassroomDatabaseError): throw error
        case .failure(let error): throw .failed(path, what, error)
        }
    }

    /// Runs one query on the read connection.
    func read(_ what: String, _ sql: String, _ binds: [SQLiteData] = []) async throws(ClassroomDatabaseError) -> [SQLiteRow] {
        do {
            return try await reader.query(sql, binds)
        } catch {
            throw .failed(path, what, error)
        }
    }
}

extension SQLiteRow {
    func text(_ name: String) -> String? { column(name)?.string }
    func int(_ name: String) -> Int { column(name)?.integer.map { Int($0) } ?? 0 }
    func double(_ name: String) -> Double? {
        guard let data = column(name), !data.isNull else { return nil }
        return data.double
    }
}

extension Optional where Wrapped == String {
    /// A text value, or NULL.
    var sqlite: SQLiteData { map(SQLiteData.text) ?? .null }
}
