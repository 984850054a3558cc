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
}
