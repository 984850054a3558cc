import Synchronization

@testable import SMTPServer

/// Drives a `ServerSession` with no socket: text in, reply lines and actions out.
struct SessionDriver {
    /// The messages the session delivered, shared with the delivery closure.
    final class Deliveries: Sendable {
        let stored = Mutex<[(Envelope, [UInt8])]>([])
        var all: [(Envelope, [UInt8])] { stored.withLock { $0 } }
    }

    var session: ServerSession
    let deliveries = Deliveries()
    /// Every action of the last `send`.
    private(set) var lastActions: [SessionAction] = []

    init(
        _ configure: (inout SessionSettings) -> Void = { _ in },
        greylist: @escaping @Sendable (String, String, String) -> GreylistDecision = { _, _, _ in .pass }
    ) {
        var settings = SessionSettings()
        configure(&settings)
        let deliveries = self.deliveries
        let services = SessionServices(
            deliver: { envelope, data in
                deliveries.stored.withLock { $0.append((envelope, data)) }
                return .success("ID\(deliveries.all.count)")
            },
            greylist: greylist,
            nonce: { "12345.67890" })
        session = ServerSession(settings: settings, services: services)
    }

    /// Sends raw bytes; returns the wire lines of every reply they caused.
    @discardableResult
    mutating func sendBytes(_ bytes: [UInt8]) -> [String] {
        lastActions = session.receive(bytes)
        return lastActions.flatMap { action -> [String] in
            if case .reply(let reply) = action { return reply.wireLines }
            return []
        }
    }

    /// Sends text as is (include the CRLFs); returns the reply lines.
    @discardableResult
    mutating func send(_ text: String) -> [String] {
        sendBytes(Array(text.utf8))
    }

    /// Sends one command with CRLF; returns the reply lines.
    @discardableResult
    mutating func command(_ line: String) -> [String] {
        send(line + "\r\n")
    }

    /// The codes of the replies to the last send, in order.
    var codes: [Int] {
        lastActions.compactMap { action in
            if case .reply(let reply) = action { return reply.code }
            return nil
        }
    }

    /// `true` when the last send asked to close the connection.
    var closed: Bool { lastActions.contains(.close) }

    /// EHLO and MAIL and one RCPT, all accepted.
    mutating func openTransaction(from: String = "a@example.org", to: String = "b@example.net") {
        command("EHLO client.example")
        command("MAIL FROM:<\(from)>")
        command("RCPT TO:<\(to)>")
    }
}
