import NIOCore
import Synchronization

/// Script mode's short way from a reply to the next command (``ConnectOptions/answerWindow``).
///
/// A script answers each reply at once, from another thread: the reply crosses from the
/// event loop to the console's thread, and the command back. Written the usual way, that
/// command is a task for the event loop, which has gone back to sleep in `epoll_wait` and
/// must be woken through its eventfd: a sleep and a wake-up per round trip that a
/// single-threaded client (`smtp-source`) does not pay. Instead, once a read delivered a
/// reply, the event loop watches for the answer for a few microseconds and writes it itself
/// if it comes. The console's writes are queued here in call order; whoever takes them
/// writes them, so order never depends on who won.
final class WriteHandoff: Sendable {
    /// A write and who wants to know it went out.
    struct Write: Sendable {
        let buffer: ByteBuffer
        let written: @Sendable (Result<Void, ConnectionError>) -> Void
    }

    private static let idle = 0
    /// The event loop is watching for a write.
    private static let watching = 1
    /// A write was queued while it watched: it is the loop's to write.
    private static let handed = 2

    private let state = Atomic<Int>(WriteHandoff.idle)
    /// The reply (counted from 1 on the connection) that the console will answer at once;
    /// `Int.max` when it expects to answer none (it waits for more replies first, or has
    /// nothing more to send).
    private let answeredReply = Atomic<Int>(Int.max)
    private let queue = Mutex<[Write]>([])
    /// How long the event loop watches after a reply.
    let window: Duration

    init(window: Duration) {
        self.window = window
    }

    /// Says which reply the console will answer at once (nil: none); any thread.
    func expectAnswer(toReply number: Int?) {
        answeredReply.store(number ?? .max, ordering: .relaxed)
    }

    /// Whether, with `delivered` replies delivered so far, the console is expected to answer
    /// now: only then is watching worth its time (a pipelined group's first replies are not
    /// answered one by one).
    func expectsAnswer(afterReplies delivered: Int) -> Bool {
        delivered >= answeredReply.load(ordering: .relaxed)
    }

    /// Whether the event loop is watching now (for tests).
    var isWatching: Bool { state.load(ordering: .sequentiallyConsistent) == Self.watching }

    /// Queues `write` (any thread but the event loop's); true when the event loop is watching
    /// and will write it, false when the caller must have it written (``take()`` in a task).
    func offer(_ write: Write) -> Bool {
        queue.withLock { $0.append(write) }
        return state.compareExchange(expected: Self.watching, desired: Self.handed, ordering: .sequentiallyConsistent)
            .exchanged
    }

    /// Every queued write, oldest first (on the event loop).
    func take() -> [Write] {
        queue.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }

    /// Watches for a write for at most ``window`` (on the event loop, after a reply); the
    /// writes to make now, possibly none.
    func awaitWrites() -> [Write] {
        state.store(Self.watching, ordering: .sequentiallyConsistent)
        // Queued before the watch began (its writer found the loop idle and sent a task,
        // which will then find nothing): take it now.
        let early = take()
        guard early.isEmpty else {
            state.store(Self.idle, ordering: .sequentiallyConsistent)
            return early
        }
        let start = ContinuousClock.now
        while state.load(ordering: .sequentiallyConsistent) != Self.handed {
            if ContinuousClock.now - start > window,
                state.compareExchange(expected: Self.watching, desired: Self.idle, ordering: .sequentiallyConsistent)
                    .exchanged
            {
                return []
            }
        }
        state.store(Self.idle, ordering: .sequentiallyConsistent)
        return take()
    }
}
