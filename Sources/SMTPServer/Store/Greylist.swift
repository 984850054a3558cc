import Synchronization

/// Greylisting: an envelope seen for the first time is deferred; retried after `delay`, it passes.
///
/// The key is the triple RFC 6647 describes: client address, sender, recipient. The table
/// is shared by all connections and bounded: past `capacity` entries the oldest are dropped.
final class Greylist: Sendable {
    private struct Key: Hashable {
        let client: String
        let from: String
        let to: String
    }

    private let table = Mutex([Key: ContinuousClock.Instant]())
    private let delay: Duration
    private let capacity: Int

    init(delay: Duration, capacity: Int = 10_000) {
        self.delay = delay
        self.capacity = capacity
    }

    /// Records the triple and says whether it may pass now.
    func check(client: String, from: String, to: String, now: ContinuousClock.Instant = .now) -> GreylistDecision {
        let key = Key(client: client, from: from.lowercased(), to: to.lowercased())
        return table.withLock { table in
            guard let firstSeen = table[key] else {
                if table.count >= capacity, let oldest = table.min(by: { $0.value < $1.value }) {
                    table[oldest.key] = nil
                }
                table[key] = now
                return .deferred(secondsLeft: Self.wholeSeconds(delay))
            }
            let waited = firstSeen.duration(to: now)
            return waited >= delay ? .pass : .deferred(secondsLeft: Self.wholeSeconds(delay - waited))
        }
    }

    /// A duration rounded up to whole seconds, at least 1.
    private static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
