import Dispatch
import Glibc

/// Time helpers: wall-clock stamps for transcripts, monotonic durations for reply timing.
enum Clock {
    /// Seconds since the Unix epoch, with sub-second precision.
    static func unixTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Whole milliseconds from `start` to `end` (never negative).
    static func milliseconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Int {
        max(0, milliseconds(of: end - start))
    }

    /// A duration in whole milliseconds.
    static func milliseconds(of duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// The Dispatch deadline `duration` from now.
    static func dispatchTime(after duration: Duration) -> DispatchTime {
        .now() + .milliseconds(max(1, milliseconds(of: duration)))
    }
}
