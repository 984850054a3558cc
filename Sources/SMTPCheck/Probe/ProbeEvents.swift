import SMTPTransport
import Synchronization

/// The events of a probe's connection, queued until the session asks for the next one.
///
/// The queue is bounded: a server that sends more than ``limit`` replies nobody asked for
/// ends the session (its next event reads as closed) rather than growing memory.
final class ProbeEvents: Sendable {
    static let limit = 64

    private struct State {
        var queue: [ConnectionEvent] = []
        var waiter: CheckedContinuation<ConnectionEvent, Never>?
        /// The last event: once the connection is gone, every later ask gets it again.
        var end: ConnectionEvent?
    }

    private let state = Mutex(State())

    /// Called on the event loop for each event, in order.
    @Sendable func deliver(_ event: ConnectionEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<ConnectionEvent, Never>? in
            guard state.end == nil else { return nil }
            if case .closed = event { state.end = event }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if state.queue.count >= Self.limit {
                state.end = .closed(.error("the server sent more than \(Self.limit) replies that were not asked for"))
                state.queue = []
                return nil
            }
            state.queue.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// The next event; after the connection closed, its closing event again.
    func next() async -> ConnectionEvent {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> ConnectionEvent? in
                if !state.queue.isEmpty { return state.queue.removeFirst() }
                if let end = state.end { return end }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
