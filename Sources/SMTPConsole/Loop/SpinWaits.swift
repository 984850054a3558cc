import Glibc

/// The one switch for script mode's two busy waits (`SMTPC_SPIN_WAITS=0` turns them off): the event loop
/// watching up to 100 µs after a reply for the script's answer (``ConnectOptions/answerWindow``,
/// `WriteHandoff`), and the script watching up to 50 µs for the reply before it sleeps in
/// `poll` (``EventInbox/awaitBriefly(nanoseconds:)``). The shortcut is still needed: on a
/// quiet machine the 1000-message row reads 1.92× smtp-source with them and 0.53× without
/// (docs/benchmarks.md); on a loaded one they cost more than they save. `make test` runs
/// the whole suite both ways (scripts/run-tests). The interactive console never spins.
enum SpinWaits {
    /// Whether the busy waits are on, read once from the environment.
    static let enabled: Bool = getenv("SMTPC_SPIN_WAITS").map { String(cString: $0) != "0" } ?? true
}
