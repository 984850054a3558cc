/// The database's schema, as the list of its migrations: migration N (from 1) brings a
/// database at `PRAGMA user_version` N-1 to N. A migration is only ever appended, never
/// edited, once released.
enum ClassroomSchema {
    /// `PRAGMA application_id` of every classroom database: "smtc" in ASCII. A file with
    /// tables and another number belongs to another program and is refused.
    static let applicationID: Int32 = 0x736D_7463

    /// The schema this smtpc writes; a database above it is refused.
    static var version: Int { migrations.count }

    static let migrations: [[String]] = [
        // 1: accounts, conversations and their entries, messages.
        [
            """
            CREATE TABLE accounts (
                name TEXT PRIMARY KEY,
                hash TEXT NOT NULL,
                messages INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE conversations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                account TEXT,
                client TEXT NOT NULL,
                server TEXT NOT NULL,
                started REAL NOT NULL,
                ended REAL,
                state TEXT NOT NULL DEFAULT '',
                last_reply TEXT,
                entries INTEGER NOT NULL DEFAULT 0,
                bytes INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX conversations_by_account ON conversations (account, started)",
            "CREATE INDEX conversations_by_start ON conversations (started)",
            // Each entry as the JSON Lines transcript line smtpc writes for it (secrets already redacted).
            """
            CREATE TABLE entries (
                id INTEGER PRIMARY KEY,
                conversation INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                time REAL NOT NULL,
                line TEXT NOT NULL
            )
            """,
            "CREATE INDEX entries_by_conversation ON entries (conversation, id)",
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                conversation INTEGER REFERENCES conversations (id) ON DELETE CASCADE,
                account TEXT,
                sender TEXT NOT NULL,
                recipients TEXT NOT NULL,
                data BLOB NOT NULL,
                size INTEGER NOT NULL,
                received REAL NOT NULL
            )
            """,
            "CREATE INDEX messages_by_account ON messages (account, received)",
            "CREATE INDEX messages_by_conversation ON messages (conversation)",
        ]
    ]
}
