import NIOConcurrencyHelpers
import SMTPCore
import SMTPTransport

/// Collects a connection's events so that a test can wait for them and inspect them in order.
final class EventRecorder: Sendable {
    struct Timeout: Error, CustomStringConvertible {
        let events: [String]
        var description: String { "timed out waiting; events so far: \(events)" }
    }

    private let box = NIOLockedValueBox<[ConnectionEvent]>([])

    /// The callback to give to `SMTPConnection.connect`.
    var onEvent: @Sendable (ConnectionEvent) -> Void {
        { [box] event in box.withLockedValue { $0.append(event) } }
    }

    /// Every event so far.
    var events: [ConnectionEvent] { box.withLockedValue { $0 } }

    /// Waits until some event satisfies `condition`, then returns all events so far.
    @discardableResult
    func wait(
        timeout: Duration = .seconds(10), for condition: (ConnectionEvent) -> Bool
    ) async throws -> [ConnectionEvent] {
        try await waitForEvents(timeout: timeout) { $0.contains(where: condition) }
    }

    /// Waits until the events so far satisfy `condition`, then returns them.
    func waitForEvents(
        timeout: Duration = .seconds(10), until condition: ([ConnectionEvent]) -> Bool
    ) async throws -> [ConnectionEvent] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let snapshot = events
            if condition(snapshot) { return snapshot }
            try await Task.sleep(for: .milliseconds(5))
        }
        // A task starved past its deadline by a loaded machine (the blocking end-to-end
        // tests can hold every thread of the pool) looks once more before giving up.
        let last = events
        if condition(last) { return last }
        throw Timeout(events: last.map(\.summary))
    }

    /// Waits for the `count`-th reply and returns it.
    func reply(number count: Int, timeout: Duration = .seconds(10)) async throws -> Reply {
        let events = try await waitForEvents(timeout: timeout) { $0.compactMap(\.reply).count >= count }
        return events.compactMap(\.reply)[count - 1]
    }

    /// Waits for the `.closed` event and returns its reason.
    func closed(timeout: Duration = .seconds(10)) async throws -> ClosedReason {
        let events = try await wait(timeout: timeout) { $0.closedReason != nil }
        return events.compactMap(\.closedReason)[0]
    }
}

extension ConnectionEvent {
    var reply: Reply? {
        if case .reply(let reply, _) = self { return reply }
        return nil
    }

    var closedReason: ClosedReason? {
        if case .closed(let reason) = self { return reason }
        return nil
    }

    var parseError: ReplyParseError? {
        if case .parseError(let error) = self { return error }
        return nil
    }

    var tlsInfo: TLSInfo? {
        if case .tlsEstablished(let info) = self { return info }
        return nil
    }

    /// A short form for failure messages.
    var summary: String {
        switch self {
        case .reply(let reply, _): return "reply \(reply.code) \(reply.textLines)"
        case .parseError(let error): return "parse error \(error.kind)"
        case .overflow(let piece): return "overflow \(piece.bytes.count) bytes\(piece.endedAtLength.map { ", line ended at \($0)" } ?? "")"
        case .tlsEstablished(let info): return "tls \(info.summary)"
        case .proxyHeaderSent(let summary): return summary
        case .closed(let reason): return "closed \(reason)"
        case .writable: return "writable"
        case .answerWritten: return "answer written"
        }
    }
}
