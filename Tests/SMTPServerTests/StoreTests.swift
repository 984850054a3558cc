import Foundation
import Testing

@testable import SMTPServer

/// The message store keeps memory bounded by count and by bytes.
@Suite struct StoreTests {
    private func envelope(_ from: String) -> Envelope {
        Envelope(from: from, recipients: ["r@y.org"], mailParameters: [], clientName: "c", clientAddress: "127.0.0.1", overTLS: false)
    }

    @Test func oldestMessagesGoFirstPastTheCount() throws {
        let store = try MessageStore(capacity: 3)
        for index in 1...5 { _ = store.store(envelope("s\(index)@x.org"), data: Array("m\(index)\r\n".utf8)) }
        #expect(store.messages.map(\.from) == ["s3@x.org", "s4@x.org", "s5@x.org"])
    }

    @Test func oldestMessagesGoFirstPastTheBytes() throws {
        let store = try MessageStore(capacity: 100, byteCapacity: 250)
        for index in 1...5 { _ = store.store(envelope("s\(index)@x.org"), data: [UInt8](repeating: 0x41, count: 100)) }
        #expect(store.messages.map(\.from) == ["s4@x.org", "s5@x.org"])
        let ids = store.messages.map(\.id)
        #expect(Set(ids).count == 2)
    }

    @Test func aMaildirThatCannotBeMadeIsAClearError() {
        #expect(throws: (any Error).self) { _ = try MessageStore(maildir: "/proc/forbidden/maildir") }
    }

    /// The Subject the lists show: the header section's, any case, trimmed; not one in the body.
    @Test(
        arguments: [
            ("From: a@x.org\r\nSubject:  Hello there \r\n\r\nbody", "Hello there"),
            ("SUBJECT:x\r\n\r\n", "x"),
            ("From: a@x.org\r\n\r\nSubject: in the body\r\n", nil),
            ("Subjects: no\r\nX-Subject: no\r\n\r\n", nil),
            ("Subject: \u{E9}t\u{E9}\r\n", "\u{E9}t\u{E9}"),
            ("Subject: last line without its CRLF", "last line without its CRLF"),
            ("", nil),
        ] as [(String, String?)])
    func theSubjectIsTheHeaderSections(message: String, subject: String?) {
        #expect(StoredMessage.subject(in: Array(message.utf8)) == subject)
    }
}
