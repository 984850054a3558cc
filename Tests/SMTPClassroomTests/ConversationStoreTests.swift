import Foundation
import SMTPTranscript
import Testing

@testable import SMTPClassroom

/// Conversations and messages: stored, read back as the transcript reader reads a file,
/// secrets never stored, kept across a restart, bounded per student.
@Suite struct ConversationStoreTests {
    static func authConversation() -> ConversationBuilder {
        var builder = ConversationBuilder.greeted()
        builder.client("STARTTLS")
        builder.server("220 2.0.0 Ready to start TLS")
        builder.event(
            .tlsEstablished(
                .init(
                    protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", subject: "CN=practice", issuer: nil, verified: false,
                    summary: "TLSv1.3, TLS_AES_128_GCM_SHA256, subject CN=practice")))
        builder.client("AUTH PLAIN AGFsaWNlAHNlY3JldC1wYXNzd29yZA==", secret: true, redacted: "AUTH PLAIN [redacted]")
        builder.server("235 2.7.0 Authentication successful")
        builder.event(.authenticated(mechanism: "PLAIN"))
        builder.client("AUTH LOGIN")
        builder.server("334 UGFzc3dvcmQ6")
        builder.client("c2VjcmV0LWFuc3dlcg==", secret: true)
        builder.server("503 5.5.1 Already authenticated")
        builder.client("NOOP \u{1}\\ caf\u{e9}")
        builder.server("250 2.0.0 OK")
        builder.sendMessage()
        builder.quit()
        return builder
    }

    @Test func entriesRoundTripAsTheTranscriptReaderReadsThemAndSecretsAreNotStored() async throws {
        let path = try temporaryDatabasePath()
        let database = try await ClassroomDatabase.open(path: path)
        let builder = Self.authConversation()
        let id = try await database.beginConversation(client: "127.0.0.1:40000", server: "127.0.0.1:2525", started: 1_800_000_000)
        try await database.append(conversation: id, entries: Array(builder.entries.prefix(5)))
        try await database.append(conversation: id, entries: Array(builder.entries.dropFirst(5)))
        try await database.assign(conversation: id, to: "alice")
        try await database.finish(conversation: id, ended: 1_800_000_100, state: "message accepted", lastReply: nil)
        let stored = try await database.entries(conversation: id)
        await database.close()

        // The same entries through a JSON Lines transcript file and its reader.
        let file = (path as NSString).deletingLastPathComponent + "/conversation.jsonl"
        let header = TranscriptHeader(
            smtpcVersion: "test", target: "127.0.0.1:2525", started: 1_800_000_000, tls: "none", lmtp: false, timestamps: true)
        let writer = try TranscriptWriter(path: file, header: header)
        for entry in builder.entries { writer.write(entry) }
        writer.close()
        let records = try TranscriptReader.read(path: file).sessions.flatMap(\.records)
        #expect(stored.count == records.count)
        for (entry, record) in zip(stored, records) {
            #expect(entry.direction == record.direction)
            #expect(entry.bytes == record.bytes)
            #expect(entry.event == record.event)
            #expect(entry.isSecret == record.redacted)
            #expect(entry.timestamp == record.time)
        }
        #expect(stored.contains { $0.event == .authenticated(mechanism: "PLAIN") })
        #expect(stored.contains { $0.bytes == Array("AUTH PLAIN [redacted]".utf8) && $0.isSecret })
        #expect(stored.contains { $0.bytes == Array("NOOP \u{1}\\ caf\u{e9}".utf8) })

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for secret in ["AGFsaWNlAHNlY3JldC1wYXNzd29yZA==", "c2VjcmV0LWFuc3dlcg=="] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil)
        }
    }

    @Test func aRestartKeepsConversationsAndMessages() async throws {
        let path = try temporaryDatabasePath()
        var database = try await ClassroomDatabase.open(path: path)
        _ = try await database.enroll([ClassAccount(name: "alice", password: "pw-alice")])
        var ids: [Int64] = []
        for index in 0..<3 {
            let id = try await database.beginConversation(client: "c\(index)", server: "s", started: Double(1000 + index))
            try await database.append(conversation: id, entries: ConversationBuilder.greeted().entries)
            if index > 0 { try await database.assign(conversation: id, to: "alice") }
            try await database.storeMessage(
                conversation: id, account: nil, id: "M\(index)", from: "a@example.org", recipients: ["b@example.org", "c@example.org"],
                data: Array("Subject: \(index)\r\n\r\nbody\r\n".utf8), received: Double(1000 + index))
            if index < 2 { try await database.finish(conversation: id, ended: Double(1010 + index), state: "EHLO", lastReply: "250 OK") }
            ids.append(id)
        }
        // An unfinished conversation (the server stopped) is closed at the next start.
        await database.close()
        database = try await ClassroomDatabase.open(path: path)
        let all = try await database.conversations(account: nil, limit: 10)
        #expect(all.map(\.id) == ids.reversed())
        #expect(all.map(\.account) == ["alice", "alice", nil])
        #expect(all[0].ended != nil)
        #expect(all[1].state == "EHLO")
        #expect(all[1].lastReply == "250 OK")
        #expect(all[0].lastReply == "250 CHUNKING")
        #expect(all[2].entryCount == ConversationBuilder.greeted().entries.count)
        #expect(all[2].byteCount > 200)
        #expect(try await database.conversations(account: "alice", limit: 10).map(\.id) == [ids[2], ids[1]])
        #expect(try await database.conversations(account: "alice", limit: 1).map(\.id) == [ids[2]])
        #expect(try await database.conversation(ids[0])?.client == "c0")
        #expect(try await database.conversation(999) == nil)
        #expect(try await database.entries(conversation: ids[1]) == (try await database.entries(conversation: ids[0])))
        let messages = try await database.messages(account: "alice", limit: 10)
        #expect(messages.map(\.id) == ["M2", "M1"])
        #expect(messages[0].recipients == ["b@example.org", "c@example.org"])
        #expect(messages.last?.head == Array("Subject: 1\r\n\r\nbody\r\n".utf8), "a list reads the start of each message")
        #expect(try await database.messages(account: nil, limit: 10).count == 3)
        let message = try #require(try await database.message(id: "M1"))
        #expect(message.data == Array("Subject: 1\r\n\r\nbody\r\n".utf8))
        #expect(message.summary.conversation == ids[1])
        #expect(try await database.messageCount(account: "alice") == 2)
        #expect(try await database.loadVerifier().verify(user: "alice", password: "pw-alice"))
        await database.close()
    }

    @Test func appendingToAMissingConversationSaysSo() async throws {
        let database = try await ClassroomDatabase.open(path: try temporaryDatabasePath())
        await #expect(throws: ClassroomDatabaseError.self) {
            try await database.append(conversation: 42, entries: ConversationBuilder.greeted().entries)
        }
        await database.close()
    }
}
