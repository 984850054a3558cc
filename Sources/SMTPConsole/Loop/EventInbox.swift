import Glibc
import SMTPTransport
import Synchronization

/// What the network side hands to the loop that runs the console machine.
enum LoopEvent: Sendable {
    /// An event of the connection numbered `generation`.
    case network(ConnectionEvent, generation: Int)
    /// The connect call of `generation` returned this connection.
    case connected(SMTPConnection, generation: Int)
    /// The connect call of `generation` failed.
    case connectFailed(any Error, generation: Int)
    /// The STARTTLS of `generation` ended.
    case startTLSFinished(Result<StartTLSOutcome, any Error>, generation: Int)
    /// Lines about a connection attempt (the MX lookup).
    case notes([DisplayEvent])
    /// `--timeout` has passed since connection `generation` opened (the greeting's deadline).
    case greetingDeadline(generation: Int)
    /// Async work the loop waits for ended (``ConsoleLoop/wait(for:)``).
    case finished(Result<any Sendable, any Error>)
    /// Nothing happened; the loop should look at its own work (the next file block).
    case poke

    /// What the server sent that the event holds (``SMTPTransport/ConnectionEvent/weight``).
    var weight: Int {
        if case .network(let event, _) = self { event.weight } else { 0 }
    }
}

/// The one structure shared between the event loop and the thread that runs the console:
/// a queue of events and a descriptor that becomes readable when the queue is not empty,
/// so the console's `poll` (the line editor's, or script mode's) waits on it beside the
/// keyboard and the signal pipe.
final class EventInbox: Sendable {
    private let events = Mutex<[LoopEvent]>([])
    /// Whether events wait, readable without the lock (for ``awaitBriefly(nanoseconds:)``).
    private let waiting = Atomic<Bool>(false)
    /// The read end, for `poll`.
    let descriptor: Int32
    private let writeEnd: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        descriptor = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    /// Queues `event` from any thread and wakes the loop.
    func post(_ event: LoopEvent) {
        let wasEmpty = events.withLock { queue in
            defer { queue.append(event) }
            return queue.isEmpty
        }
        waiting.store(true, ordering: .releasing)
        if wasEmpty {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
    }

    /// Takes the queued events, oldest first (on the loop's thread): all of them, or with
    /// `maximumWeight` as many as make up that much of what the server sent
    /// (``SMTPTransport/ConnectionEvent/weight``, at least one event); the rest stay queued
    /// and the descriptor stays readable.
    func drain(maximumWeight: Int = .max) -> [LoopEvent] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(descriptor, &buffer, buffer.count) > 0 {}
        let (taken, more) = events.withLock { queue -> ([LoopEvent], Bool) in
            var count = 0
            var weight = 0
            while count < queue.count, count == 0 || weight < maximumWeight {
                weight += queue[count].weight
                count += 1
            }
            guard count < queue.count else {
                waiting.store(false, ordering: .relaxed)
                defer { queue.removeAll(keepingCapacity: true) }
                return (queue, false)
            }
            defer { queue.removeFirst(count) }
            return (Array(queue[..<count]), true)
        }
        if more {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
        return taken
    }

    /// Watches the queue without sleeping for at most `nanoseconds`; true when an event came.
    ///
    /// A script waiting for a reply that is a few microseconds away: sleeping in `poll` and
    /// being woken through the pipe costs more than the wait itself (two context switches
    /// per reply, measured in bench/run's many-messages row), so the loop looks first.
    func awaitBriefly(nanoseconds: UInt64) -> Bool {
        let start = ContinuousClock.now
        let limit = Duration.nanoseconds(Int64(nanoseconds))
        while !waiting.load(ordering: .acquiring) {
            if ContinuousClock.now - start > limit { return false }
        }
        return true
    }
}
