import NIOCore
import SMTPCore
import Synchronization

/// Bounds what a connection hands to its consumer before the consumer has taken it: the
/// reader stops reading from the socket when more than ``limit`` (in ``ConnectionEvent/weight``
/// units, about bytes) is outstanding, and starts again when the consumer has taken it
/// down to half. The rest of a flood waits in the kernel's buffers and, beyond them, at the
/// server (TCP flow control), so memory stays bounded however fast the server sends and
/// however slowly the consumer (a terminal read over a slow link) takes it.
///
/// The event loop calls ``admitted(_:)`` for what it delivers; the consumer calls
/// ``consumed(_:)`` for what it has handled, from any thread.
public final class ReadGate: Sendable {
    /// The most outstanding weight before reading stops.
    public let limit: Int
    private let outstanding = Atomic<Int>(0)
    /// Reading was stopped and has not been started again.
    private let paused = Atomic<Bool>(false)
    /// Starts reading again (set by the reader while it is in a pipeline).
    private let resume = Mutex<(@Sendable () -> Void)?>(nil)

    /// A gate that stops reading past `limit` outstanding.
    public init(limit: Int = 4 << 20) {
        precondition(limit > 0, "a read gate's limit must be positive")
        self.limit = limit
    }

    /// The weight handed on and not yet consumed.
    public var outstandingWeight: Int { outstanding.load(ordering: .relaxed) }

    /// Whether reading is stopped.
    public var isPaused: Bool { paused.load(ordering: .relaxed) }

    /// The consumer took `weight`: reading starts again once half the limit is reached.
    public func consumed(_ weight: Int) {
        guard weight > 0 else { return }
        let left = outstanding.subtract(weight, ordering: .acquiringAndReleasing).newValue
        if left <= limit / 2, paused.load(ordering: .acquiring), paused.exchange(false, ordering: .acquiringAndReleasing) {
            resume.withLock { $0 }?()
        }
    }

    // MARK: The reader's side (the event loop)

    /// `weight` was delivered; true when reading must stop now.
    func admitted(_ weight: Int) -> Bool {
        outstanding.add(weight, ordering: .acquiringAndReleasing).newValue > limit && !paused.load(ordering: .relaxed)
    }

    /// Reading was just stopped; true when it must start again at once, because the
    /// consumer caught up in the meantime (it saw no pause to end).
    func markPaused() -> Bool {
        paused.store(true, ordering: .sequentiallyConsistent)
        guard outstanding.load(ordering: .sequentiallyConsistent) <= limit / 2 else { return false }
        return paused.exchange(false, ordering: .acquiringAndReleasing)
    }

    /// Sets (or, with nil, forgets) how reading starts again.
    func setResume(_ body: (@Sendable () -> Void)?) {
        resume.withLock { $0 = body }
    }
}

extension ConnectionEvent {
    /// About the bytes this event holds in memory until it is handled: what a ``ReadGate``
    /// counts (what the server sent; zero for the rest, which the gate does not count).
    public var weight: Int {
        switch self {
        case .reply(let reply, _):
            return reply.lines.reduce(64) { $0 + $1.raw.count + 48 }
        case .parseError(let error):
            return error.abandonedLines.reduce(64 + error.line.count) { $0 + $1.raw.count + 48 }
        case .overflow(let piece):
            return 64 + piece.bytes.count
        case .tlsEstablished, .writable, .answerWritten, .proxyHeaderSent, .closed:
            return 0  // small, and not counted by the reader
        }
    }
}
