import Foundation
import SMTPCore
import SMTPServer
import Synchronization
import TestSupport
import Testing

/// The server over real sockets: loopback only, replies on the wire, storage, many clients.
@Suite(.serialized) struct ServerTests {
    @Test func refusesToListenBeyondLoopback() async throws {
        for host in ["0.0.0.0", "192.0.2.1", "::", "example.org"] {
            await #expect(throws: PracticeServerError.self) {
                _ = try await ServerFixture.start { $0.host = host }
            }
        }
        do {
            _ = try await ServerFixture.start { $0.host = "0.0.0.0" }
        } catch {
            #expect("\(error)".contains("loopback only"))
        }
    }

    @Test func listensOnAFreePortAndReportsItsDetails() async throws {
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        #expect(server.port > 0 && server.host == "127.0.0.1")
        #expect(server.credentials == [Credential(user: "learner", password: "practice")])
        let fingerprint = try #require(server.fingerprint)
        #expect(fingerprint.count == 95 && fingerprint.split(separator: ":").count == 32)
        #expect(server.certificate?.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
    }

    @Test func aTransactionOverTheWireIsStored() async throws {
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        #expect(try client.readReply() == ["220 localhost ESMTP smtpc \(SmtpcVersion.number) practice server ready"])
        #expect(try client.command("EHLO raw.example") == "250 HELP")
        // Pipelined: one write, replies in order (RFC 2920).
        try client.send("MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n")
        #expect(
            try client.readReplies(3) == [
                "250 2.1.0 Sender <a@x.org> OK", "250 2.1.5 Recipient <b@y.org> OK", "354 End data with <CR><LF>.<CR><LF>",
            ])
        try client.send("Subject: wire test\r\n\r\n..dot\r\n.\r\n")
        let queued = try client.readReply().last ?? ""
        #expect(queued.hasPrefix("250 2.0.0 OK: queued as "))
        #expect(try client.command("QUIT") == "221 2.0.0 localhost Bye")
        #expect(try client.waitForClose())
        let message = try #require(server.messages.first)
        #expect(message.from == "a@x.org" && message.recipients == ["b@y.org"] && message.subject == "wire test")
        #expect(String(decoding: message.data, as: UTF8.self) == "Subject: wire test\r\n\r\n.dot\r\n")
        #expect(queued.hasSuffix(message.id))
    }

    @Test func strictStateMachineRepliesOnTheWire() async throws {
        let server = try await ServerFixture.start { $0.maxMessageSize = 1024 }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        #expect(try client.command("RCPT TO:<b@y.org>") == "503 5.5.1 Need MAIL before RCPT")
        #expect(try client.command("WHAT") == "500 5.5.2 Command not recognized: WHAT")
        #expect(try client.command("EHLO c.example") == "250 HELP")
        #expect(try client.command("MAIL FROM:<no-domain>") == "501 5.1.7 Bad sender address <no-domain>: it has no @domain")
        #expect(try client.command("MAIL FROM:<a@x.org> SIZE=5000") == "552 5.3.4 Message too big: this server takes at most 1024 bytes")
        #expect(try client.command("MAIL FROM:<a@x.org>") == "250 2.1.0 Sender <a@x.org> OK")
        #expect(try client.command("DATA") == "554 5.5.1 No valid recipients: RCPT must be accepted before DATA")
        #expect(try client.command("RCPT TO:<b@y.org>") == "250 2.1.5 Recipient <b@y.org> OK")
        #expect(try client.command("DATA") == "354 End data with <CR><LF>.<CR><LF>")
        try client.send(String(repeating: "0123456789\r\n", count: 200) + ".\r\n")
        #expect(try client.readReply() == ["552 5.3.4 Message too big: this server takes at most 1024 bytes"])
        #expect(server.messages.isEmpty)
    }

    @Test func messagesAreWrittenToTheMaildir() async throws {
        let maildir = try ServerFixture.temporaryDirectory("maildir")
        let server = try await ServerFixture.start { $0.maildir = maildir }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        try client.send("EHLO c.example\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: disk\r\n\r\nhi\r\n.\r\nQUIT\r\n")
        let replies = try client.readReplies(6)
        #expect(replies[4].hasPrefix("250 2.0.0 OK: queued as"))
        let files = try FileManager.default.contentsOfDirectory(atPath: maildir + "/new")
        #expect(files.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir + "/tmp").isEmpty)
        let text = try String(contentsOfFile: maildir + "/new/" + files[0], encoding: .utf8)
        #expect(text.hasPrefix("Return-Path: <a@x.org>\r\nReceived: from c.example ([127.0.0.1])"))
        #expect(text.hasSuffix("Subject: disk\r\n\r\nhi\r\n"))
    }

    @Test func manyClientsAtOnce() async throws {
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let port = server.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<30 {
                group.addTask {
                    let client = try RawClient(port: port)
                    _ = try client.readReply()
                    try client.send(
                        "EHLO c\(index).example\r\nMAIL FROM:<s\(index)@x.org>\r\nRCPT TO:<r@y.org>\r\nDATA\r\nn=\(index)\r\n.\r\nQUIT\r\n")
                    let replies = try client.readReplies(6)
                    guard replies[4].hasPrefix("250 2.0.0") else { throw RawClient.Failure(description: "\(replies)") }
                }
            }
            try await group.waitForAll()
        }
        #expect(Set(server.messages.map(\.from)).count == 30)
    }

    @Test func connectionsOverTheLimitGet421() async throws {
        let server = try await ServerFixture.start { $0.maxConnections = 1 }
        defer { Task { await server.stop() } }
        let first = try RawClient(port: server.port)
        _ = try first.readReply()
        let second = try RawClient(port: server.port)
        #expect(try second.readReply() == ["421 4.3.2 Too many connections, try again later"])
        #expect(try second.waitForClose())
        #expect(try first.command("NOOP") == "250 2.0.0 OK")
    }

    @Test func eventsLogCommandsAndReplies() async throws {
        let log = EventLog()
        let server = try await ServerFixture.start { $0.eventHandler = { log.append($0) } }
        defer { Task { await server.stop() } }
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        _ = try client.command("NOOP")
        _ = try client.command("QUIT")
        _ = try client.waitForClose()
        #expect(await ServerFixture.eventually { log.kinds.contains { if case .disconnected = $0 { true } else { false } } })
        let kinds = log.kinds
        #expect(kinds.contains(.session(.command("NOOP"))))
        #expect(kinds.contains(.reply(ServerReply(250, "2.0.0", "OK"))))
        #expect(kinds.contains(.reply(ServerReply(221, "2.0.0", "localhost Bye"))))
    }
}

/// Collects server events from the server's threads.
final class EventLog: Sendable {
    private let events = Mutex<[ServerEvent]>([])

    func append(_ event: ServerEvent) {
        events.withLock { $0.append(event) }
    }

    var kinds: [ServerEvent.Kind] { events.withLock { $0.map(\.kind) } }
}

/// Random bytes from many connections do not bring the server down.
@Suite struct ServerFuzzTests {
    @Test func garbageFromManyClientsLeavesTheServerServing() async throws {
        let server = try await ServerFixture.start { $0.maxMessageSize = 2048 }
        defer { Task { await server.stop() } }
        var random = SeededGenerator(seed: 42)
        for round in 0..<20 {
            let client = try RawClient(port: server.port)
            _ = try client.readReply()
            for _ in 0..<10 {
                let count = Int.random(in: 1...4000, using: &random)
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
                // The server may already have closed (a random QUIT): a refused send is fine.
                guard (try? client.send(bytes)) != nil else { break }
            }
            if round % 2 == 0 { try? client.send("\r\nQUIT\r\n") }
        }
        let client = try RawClient(port: server.port)
        #expect(try client.readReply() == ["220 localhost ESMTP smtpc \(SmtpcVersion.number) practice server ready"])
        #expect(try client.command("EHLO after.example") == "250 HELP")
        #expect(try client.command("NOOP") == "250 2.0.0 OK")
    }
}
