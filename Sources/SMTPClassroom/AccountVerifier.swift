import HummingbirdBcrypt

/// The class's passwords as bcrypt hashes in memory: checks a login synchronously, on the
/// SMTP server's event loop, without touching the database.
public struct AccountVerifier: Sendable {
    /// bcrypt's cost (log2 of its rounds). 4, the least bcrypt allows: one verify took
    /// 1.3 ms in a debug build on the development machine (2 shared cores; measured by
    /// `AccountTests.verifyIsFast`), so a class of 30 logging in at once costs the event
    /// loop about 40 ms. These are practice passwords on a practice server, hashed so that
    /// the database file does not hand them out, not to resist an offline attack on a
    /// stolen file.
    public static let cost: UInt8 = 4

    private let hashes: [String: String]
    /// Checked when the user is unknown, so that a wrong name costs as long as a wrong password.
    private let decoy: String

    init(hashes: [String: String]) {
        self.hashes = hashes
        decoy = Bcrypt.hash("decoy", cost: Self.cost)
    }

    /// The account names, sorted.
    public var names: [String] { hashes.keys.sorted() }

    /// Whether `password` is the password of `user` (names are compared exactly).
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes[user] else {
            _ = Bcrypt.verify(password, hash: decoy)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }
}
