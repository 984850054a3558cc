import SMTPClassroom
import SMTPServer

/// A class at the practice server (`smtpc serve --classroom class.toml`): the class file's
/// accounts enrolled in the database, the gate AUTH and the limits go through, the hub and
/// the recorder every conversation is told to, and the teacher's token.
public struct Classroom: Sendable {
    public let list: ClassList
    public let database: ClassroomDatabase
    public let gate: ClassroomGate
    public let hub: LiveHub
    /// The secret part of the teacher's URL.
    public let token: String
    /// The passwords made now for accounts the class file gave none: printed once.
    public let generated: [String: String]
    let recorder: ClassroomRecorder

    /// Reads the class file, opens (or makes) the database and enrolls the accounts.
    /// `report` says what goes wrong later (a write the database refused).
    public static func open(
        classFile: String, databasePath: String, report: @escaping @Sendable (String) -> Void
    ) async throws(ClassroomError) -> Classroom {
        let list: ClassList
        do {
            list = try ClassList.read(path: classFile)
        } catch {
            throw ClassroomError(description: error.description, isClassFile: true)
        }
        do {
            let database = try await ClassroomDatabase.open(path: databasePath, limits: list.limits)
            let generated = try await database.enroll(list.accounts)
            let verifier = try await database.loadVerifier(names: list.accounts.map(\.name))
            var sent: [String: Int] = [:]
            for account in list.accounts { sent[account.name] = try await database.messageCount(account: account.name) }
            let newest = try await database.conversations(account: nil, limit: 1).first?.id ?? 0
            let hub = LiveHub(firstID: newest + 1)
            let recorder = ClassroomRecorder(database: database, idOf: { [hub] in hub.id(of: $0) }, report: report)
            return Classroom(
                list: list, database: database, gate: ClassroomGate(verifier: verifier, limits: list.limits, messagesSoFar: sent),
                hub: hub, token: Self.makeToken(), generated: generated, recorder: recorder)
        } catch {
            throw ClassroomError(description: error.description, isClassFile: false)
        }
    }

    /// What the practice server tells each conversation to: the live pages and the database.
    public var observers: [any ConversationObserver] { [hub.observer, recorder] }

    /// Who may see which page: the teacher with the token, each student with their account.
    public var access: WebAccess { .classroom(token: token, verify: { [gate] in gate.verify(user: $0, password: $1) }) }

    /// The pages' data kept in the database.
    public var archive: any ConversationArchive { ClassroomArchive(database: database) }

    /// The teacher's table of lesson steps, as HTML.
    public var progress: @Sendable () async -> String {
        { [database, list] in
            await ProgressTable.html(ProgressTable.progress(of: list.accounts.map(\.name), in: database))
        }
    }

    /// Entries the database could not keep up with (dropped, not held without limit).
    public var droppedWrites: Int { recorder.dropped }

    /// Writes what is still queued, then closes the database.
    public func close() async {
        await recorder.finish()
        await database.close()
    }

    /// 128 random bits, in hex.
    private static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt32, radix: 16)
            return String(repeating: "0", count: 8 - word.count) + word
        }.joined()
    }
}

/// Why the classroom could not start: the class file or the database, said in one line.
public struct ClassroomError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The class file is at fault (else the database).
    public let isClassFile: Bool
}
