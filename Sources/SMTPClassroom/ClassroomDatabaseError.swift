/// Why the classroom database cannot be opened or used: one line that names the file and
/// says what to do.
public struct ClassroomDatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for a caller that reacts differently (a test, an exit status).
    public enum Kind: Sendable, Hashable {
        /// The file or its directory cannot be created or opened.
        case cannotOpen
        /// Not an SQLite database, or a damaged one.
        case corrupt
        /// An SQLite database of another program.
        case foreign
        /// Written by a newer smtpc, with a schema this one does not know.
        case newer
        /// A query failed while the database was in use.
        case failed
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public var description: String { message }

    static func cannotOpen(_ path: String, _ reason: String) -> Self {
        Self(kind: .cannotOpen, path: path, message: "cannot open the classroom database \(path): \(reason)")
    }

    static func corrupt(_ path: String, _ reason: String) -> Self {
        Self(
            kind: .corrupt, path: path,
            message: "\(path) is not a usable classroom database (\(reason)); it was left untouched: choose another --db or move it away")
    }

    static func foreign(_ path: String, applicationID: Int32) -> Self {
        let hex = String(UInt32(bitPattern: applicationID), radix: 16)
        return Self(
            kind: .foreign, path: path,
            message: "\(path) is not an smtpc classroom database (application_id 0x\(hex)); "
                + "it was left untouched: choose another --db or move it away")
    }

    static func newer(_ path: String, version: Int, known: Int) -> Self {
        Self(
            kind: .newer, path: path,
            message: "\(path) was written by a newer smtpc (schema \(version), this one knows up to \(known)); "
                + "it was left untouched: use that smtpc, or choose another --db")
    }

    static func failed(_ path: String, _ what: String, _ error: any Error) -> Self {
        Self(kind: .failed, path: path, message: "classroom database \(path): cannot \(what): \(String(describing: error))")
    }
}
