import Glibc
import SQLiteNIO

/// The database file before it is used: made when missing, inspected read-only when
/// present, then brought up to the current schema.
enum DatabaseFile {
    /// Creates the file (mode 0600) and its missing directories (0700) when there is no
    /// file; otherwise refuses, without writing anything, a file that is not ours to use.
    static func prepare(_ path: String) async throws(ClassroomDatabaseError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw .cannotOpen(path, String(cString: strerror(errno))) }
            try makeDirectories(of: path)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
            close(fd)
            return
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .cannotOpen(path, "it is not a regular file") }
        guard access(path, R_OK | W_OK) == 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
        // SQLite treats an empty file as an empty database: nothing in it to lose.
        if info.st_size == 0 { return }
        try await inspect(path)
    }

    /// Reads the header and checks the file, on a read-only connection.
    private static func inspect(_ path: String) async throws(ClassroomDatabaseError) {
        let connection: SQLiteConnection
        do {
            connection = try await openConnection(path, readOnly: true, inspecting: true)
        } catch {
            throw .corrupt(path, reason(error))
        }
        let result: ClassroomDatabaseError?
        do {
            try await judge(connection, path: path)
            result = nil
        } catch {
            result = error
        }
        try? await connection.close()
        if let result { throw result }
    }

    /// Refuses what is not a sound classroom database this smtpc knows.
    private static func judge(_ connection: SQLiteConnection, path: String) async throws(ClassroomDatabaseError) {
        let applicationID: Int32
        let version: Int
        let tables: Int
        do {
            applicationID = Int32(truncatingIfNeeded: try await integer(connection, "PRAGMA application_id"))
            version = try await integer(connection, "PRAGMA user_version")
            tables = try await integer(connection, "SELECT count(*) FROM sqlite_schema")
        } catch {
            throw .corrupt(path, reason(error))
        }
        if applicationID != ClassroomSchema.applicationID, applicationID != 0 || tables > 0 || version > 0 {
            throw .foreign(path, applicationID: applicationID)
        }
        if version > ClassroomSchema.version { throw .newer(path, version: version, known: ClassroomSchema.version) }
        let check: [String]
        do {
            check = try await connection.query("PRAGMA quick_check").compactMap { $0.columns.first?.data.string }
        } catch {
            throw .corrupt(path, reason(error))
        }
        guard check == ["ok"] else { throw .corrupt(path, "quick_check: " + check.prefix(3).joined(separator: "; ")) }
    }

    /// A connection to the file; a read-only one can never write to it.
    static func connect(_ path: String, readOnly: Bool) async throws(ClassroomDatabaseError) -> SQLiteConnection {
        do {
            return try await openConnection(path, readOnly: readOnly)
        } catch {
            throw .cannotOpen(path, reason(error))
        }
    }

    private static func openConnection(_ path: String, readOnly: Bool, inspecting: Bool = false) async throws -> SQLiteConnection {
        // Inspecting a WAL database read-only would create its -wal and -shm files; when it has
        // none (it was closed cleanly, or is not ours) it is opened immutable, which creates
        // nothing. A -wal file present is read as SQLite reads it, the file itself unchanged.
        let immutable = inspecting && access(path + "-wal", F_OK) != 0 ? "&immutable=1" : ""
        let name = readOnly ? "file:" + uriPath(path) + "?mode=ro" + immutable : path
        let connection = try await SQLiteConnection.open(storage: .file(path: name))
        if readOnly {
            do {
                _ = try await connection.query("PRAGMA query_only = ON")
            } catch {
                try? await connection.close()
                throw error
            }
        }
        return connection
    }

    /// Applies the migrations the file lacks, in one transaction.
    static func migrate(_ connection: SQLiteConnection, path: String) async throws(ClassroomDatabaseError) {
        do {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                let version = try await integer(connection, "PRAGMA user_version")
                guard version <= ClassroomSchema.version else {
                    throw ClassroomDatabaseError.newer(path, version: version, known: ClassroomSchema.version)
                }
                for migration in ClassroomSchema.migrations.dropFirst(version) {
                    for statement in migration { _ = try await connection.query(statement) }
                }
                if version < ClassroomSchema.version {
                    _ = try await connection.query("PRAGMA user_version = \(ClassroomSchema.version)")
                    _ = try await connection.query("PRAGMA application_id = \(ClassroomSchema.applicationID)")
                }
                _ = try await connection.query("COMMIT")
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        } catch let error as ClassroomDatabaseError {
            throw error
        } catch {
            throw .failed(path, "update its schema", error)
        }
    }

    private static func integer(_ connection: SQLiteConnection, _ sql: String) async throws -> Int {
        let rows = try await connection.query(sql)
        return rows.first?.columns.first?.data.integer.map { Int($0) } ?? 0
    }

    /// SQLite's words for an error, without the Swift type around them.
    private static func reason(_ error: any Error) -> String {
        (error as? SQLiteError)?.message ?? (error as? ClassroomDatabaseError)?.message ?? "\(error)"
    }

    /// `path` for an SQLite URI: every byte but the unreserved ones and `/` percent-encoded.
    private static func uriPath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        // "file://x" would name a host: a path starting with two slashes keeps one.
        while out.hasPrefix("//") { out.removeFirst() }
        return out
    }

    /// Makes the directories above `path` that are missing, mode 0700.
    private static func makeDirectories(of path: String) throws(ClassroomDatabaseError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var current = path.hasPrefix("/") ? "" : "."
        for component in components where !component.isEmpty {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw .cannotOpen(path, "cannot create the directory \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}
