import Foundation
import Testing

@testable import SMTPClassroom

/// Opening the database: created where missing, kept across a restart, and a file that is
/// not ours refused with a clear message and left byte for byte as it was.
@Suite struct DatabaseOpeningTests {
    @Test func missingDirectoriesAndTheFileAreCreatedPrivate() async throws {
        let root = try temporaryDatabasePath("data")
        let path = root + "/smtpc/class/classroom.sqlite"
        let database = try await ClassroomDatabase.open(path: path)
        await database.close()
        let directory = try FileManager.default.attributesOfItem(atPath: root + "/smtpc")
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        let file = try FileManager.default.attributesOfItem(atPath: path)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        // Opening it again finds the schema in place.
        let again = try await ClassroomDatabase.open(path: path)
        #expect(try await again.conversations(account: nil, limit: 10).isEmpty)
        await again.close()
    }

    /// Opens `path`, expecting a refusal of `kind` whose message names the file, and checks the file is unchanged.
    private func expectRefused(_ path: String, _ kind: ClassroomDatabaseError.Kind, saying words: String) async throws {
        let before = try fingerprint(path)
        let listing = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).sorted()
        await #expect {
            _ = try await ClassroomDatabase.open(path: path)
        } throws: { error in
            guard let error = error as? ClassroomDatabaseError else { return false }
            return error.kind == kind && error.description.contains(path) && error.description.contains(words)
                && !error.description.contains("\n")
        }
        let after = try fingerprint(path)
        #expect(after.digest == before.digest)
        #expect(after.bytes == before.bytes)
        let listingAfter = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).sorted()
        #expect(listingAfter == listing)
    }

    @Test func randomBytesAreRefusedUntouched() async throws {
        let path = try temporaryDatabasePath()
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try await expectRefused(path, .corrupt, saying: "choose another --db")
    }

    @Test func aTruncatedDatabaseIsRefusedUntouched() async throws {
        let path = try temporaryDatabasePath()
        let database = try await ClassroomDatabase.open(path: path)
        let id = try await database.beginConversation(client: "c", server: "s", started: 1)
        var builder = ConversationBuilder.greeted()
        for index in 0..<400 { builder.client("NOOP \(index) " + String(repeating: "x", count: 200)) }
        try await database.append(conversation: id, entries: builder.entries)
        await database.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(whole.count > 60_000)
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        try await expectRefused(path, .corrupt, saying: "not a usable classroom database")
    }

    @Test func anotherProgramsDatabaseIsRefusedUntouched() async throws {
        let path = try temporaryDatabasePath()
        try sqlite3(path, "CREATE TABLE recipes (name TEXT, minutes INTEGER); INSERT INTO recipes VALUES ('soup', 30);")
        try await expectRefused(path, .foreign, saying: "not an smtpc classroom database (application_id 0x0)")
        let tagged = try temporaryDatabasePath()
        try sqlite3(tagged, "PRAGMA application_id = 1196444237; CREATE TABLE t (x);")
        try await expectRefused(tagged, .foreign, saying: "application_id 0x47504a4d")
    }

    @Test func aNewerSchemaIsRefusedUntouched() async throws {
        let path = try temporaryDatabasePath()
        let database = try await ClassroomDatabase.open(path: path)
        await database.close()
        try sqlite3(path, "PRAGMA user_version = 999;")
        try await expectRefused(path, .newer, saying: "newer smtpc (schema 999")
    }

    @Test func anEmptySQLiteFileOrEmptyFileIsUsed() async throws {
        let path = try temporaryDatabasePath()
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let database = try await ClassroomDatabase.open(path: path)
        await database.close()
        let blank = try temporaryDatabasePath()
        try sqlite3(blank, "PRAGMA user_version = 0; VACUUM;")
        let other = try await ClassroomDatabase.open(path: blank)
        await other.close()
    }

    @Test func aDirectoryIsNotADatabase() async throws {
        let path = try temporaryDatabasePath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        await #expect(throws: ClassroomDatabaseError.self) { _ = try await ClassroomDatabase.open(path: path) }
    }
}
