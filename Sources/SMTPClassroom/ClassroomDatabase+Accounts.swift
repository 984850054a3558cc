import HummingbirdBcrypt
import SQLiteNIO

extension ClassroomDatabase {
    /// Stores the class's accounts: a new account gets the file's password, or a generated
    /// one; a known account whose file password changed gets the new one; a known account
    /// without a password in the file keeps the one it has (a generated password is not
    /// generated again at each start).
    ///
    /// - Returns: the passwords generated now, by account name, for the caller to print once.
    public func enroll(_ accounts: [ClassAccount]) async throws(ClassroomDatabaseError) -> [String: String] {
        try await write("enroll the class") { connection in
            var generated: [String: String] = [:]
            for account in accounts {
                let stored = try await connection.query("SELECT hash FROM accounts WHERE name = ?", [.text(account.name)])
                if let hash = stored.first?.text("hash") {
                    if let password = account.password, !Bcrypt.verify(password, hash: hash) {
                        let newHash = Bcrypt.hash(password, cost: AccountVerifier.cost)
                        _ = try await connection.query(
                            "UPDATE accounts SET hash = ? WHERE name = ?", [.text(newHash), .text(account.name)])
                    }
                    continue
                }
                let password = account.password ?? Self.generatePassword()
                if account.password == nil { generated[account.name] = password }
                let hash = Bcrypt.hash(password, cost: AccountVerifier.cost)
                _ = try await connection.query("INSERT INTO accounts (name, hash) VALUES (?, ?)", [.text(account.name), .text(hash)])
            }
            return generated
        }
    }

    /// The accounts' hashes, for checking logins. With `names`, only those accounts (the
    /// students of the current class file); otherwise every account the database holds.
    public func loadVerifier(names: [String]? = nil) async throws(ClassroomDatabaseError) -> AccountVerifier {
        let rows = try await read("read the accounts", "SELECT name, hash FROM accounts")
        let wanted = names.map(Set.init)
        var hashes: [String: String] = [:]
        for row in rows {
            guard let name = row.text("name"), let hash = row.text("hash"), wanted?.contains(name) ?? true else { continue }
            hashes[name] = hash
        }
        return AccountVerifier(hashes: hashes)
    }

    /// Messages accepted from `account` over the life of the database (dropping old
    /// conversations does not lower it), for the per-account message limit.
    public func messageCount(account: String) async throws(ClassroomDatabaseError) -> Int {
        let rows = try await read("count messages", "SELECT messages FROM accounts WHERE name = ?", [.text(account)])
        return rows.first?.int("messages") ?? 0
    }

    /// A password easy to read out and type: 16 characters without look-alikes (79 bits),
    /// in groups of four, from the system's secure generator.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
