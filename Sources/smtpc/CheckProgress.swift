import Glibc
import Synchronization
import SystemIO

/// The line `smtpc check` keeps on standard error while sessions are pending (a terminal only).
final class CheckProgress: Sendable {
    private let enabled: Bool
    private let shown = Mutex(false)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Rewrites the line: `checking: 3 of 6 sessions done`.
    @Sendable func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        shown.withLock { shown in
            shown = true
            _ = writeAll(2, Array("\r\u{1B}[Kchecking: \(done) of \(total) sessions done".utf8))
        }
    }

    /// Removes the line before the report is printed.
    func clear() {
        shown.withLock { shown in
            guard shown else { return }
            shown = false
            _ = writeAll(2, Array("\r\u{1B}[K".utf8))
        }
    }
}
