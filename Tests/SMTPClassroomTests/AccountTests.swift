import Foundation
import Testing

@testable import SMTPClassroom

/// Enrolling the class: passwords from the file or generated once, kept across restarts.
@Suite struct AccountTests {
    @Test func generatedPasswordsArePrintedOnceAndKept() async throws {
        let path = try temporaryDatabasePath()
        var database = try await ClassroomDatabase.open(path: path)
        let accounts = [ClassAccount(name: "alice", password: "wonderland-42"), ClassAccount(name: "bob")]
        let generated = try await database.enroll(accounts)
        #expect(Array(generated.keys) == ["bob"])
        let bobPassword = try #require(generated["bob"])
        #expect(bobPassword.count == 19)
        var verifier = try await database.loadVerifier()
        #expect(verifier.names == ["alice", "bob"])
        #expect(verifier.verify(user: "alice", password: "wonderland-42"))
        #expect(verifier.verify(user: "bob", password: bobPassword))
        #expect(!verifier.verify(user: "alice", password: bobPassword))
        #expect(!verifier.verify(user: "Alice", password: "wonderland-42"))
        #expect(!verifier.verify(user: "carol", password: "anything"))
        await database.close()

        // A restart: bob's password is not generated again; alice's changed in the file.
        database = try await ClassroomDatabase.open(path: path)
        let changed = [ClassAccount(name: "alice", password: "looking-glass"), ClassAccount(name: "bob"), ClassAccount(name: "carol")]
        let again = try await database.enroll(changed)
        #expect(Array(again.keys) == ["carol"])
        verifier = try await database.loadVerifier()
        #expect(verifier.verify(user: "bob", password: bobPassword))
        #expect(verifier.verify(user: "alice", password: "looking-glass"))
        #expect(!verifier.verify(user: "alice", password: "wonderland-42"))
        let onlyAlice = try await database.loadVerifier(names: ["alice"])
        #expect(onlyAlice.names == ["alice"])
        #expect(!onlyAlice.verify(user: "bob", password: bobPassword))
        await database.close()

        // The file holds hashes, never the passwords.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for secret in ["looking-glass", "wonderland-42", bobPassword] { #expect(bytes.range(of: Data(secret.utf8)) == nil) }
    }

    @Test func verifyIsFast() async throws {
        let database = try await ClassroomDatabase.open(path: try temporaryDatabasePath())
        _ = try await database.enroll([ClassAccount(name: "alice", password: "wonderland-42")])
        let verifier = try await database.loadVerifier()
        let clock = ContinuousClock()
        let rounds = 50
        let elapsed = clock.measure {
            for _ in 0..<rounds { _ = verifier.verify(user: "alice", password: "wonderland-42") }
        }
        let each = elapsed / rounds
        print("bcrypt cost \(AccountVerifier.cost): one verify takes \(each)")
        #expect(each < .milliseconds(10))
        await database.close()
    }
}
