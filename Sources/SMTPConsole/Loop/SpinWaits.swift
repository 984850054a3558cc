import Glibc

/// The one switch for script mode's two busy waits (`SMTPC_SPIN_WAITS=1`): the event loop
/// watching up to 100 µs after a reply for the script's answer (``ConnectOptions/answerWindow``,
/// `WriteHandoff`), and the script watching up to 50 µs for the reply before it sleeps in
/// `poll` (``EventInbox/awaitBriefly(nanoseconds:)``). Off by default: no thread spins;
/// `make test` runs the whole suite both ways (scripts/run-tests).
enum SpinWaits {
    /// Whether the busy waits are on, read once from the environment.
    static let enabled: Bool = getenv("SMTPC_SPIN_WAITS").map { String(cString: $0) == "1" } ?? false
}
