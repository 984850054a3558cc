import Synchronization

/// A TLS context built on a thread of its own ahead of the STARTTLS that will use it.
///
/// Building the context reads the CA file and the client certificate and sets up
/// BoringSSL's context: about half a millisecond that `--starttls` would otherwise spend
/// between the server's EHLO reply and sending STARTTLS (docs/benchmarks.md, ninth round).
/// Made when the connection starts, it is ready long before. A build that fails leaves
/// nothing: STARTTLS builds the context again and reports the error then, as without it.
public final class TLSContextAhead: Sendable {
    let settings: TLSSettings
    let endpoint: Endpoint
    private let state = Mutex(State.building)

    private enum State {
        case building
        case built(PreparedTLS)
        /// Failed, or taken.
        case none
    }

    /// The context for a STARTTLS with `settings` on a connection to `endpoint`, its build
    /// started now, or with `startNow` false when ``startBuilding()`` is called.
    public init(settings: TLSSettings, endpoint: Endpoint, startNow: Bool = true) {
        self.settings = settings
        self.endpoint = endpoint
        if startNow { startBuilding() }
    }

    /// Starts the build on a thread of its own (call it once).
    ///
    /// The console makes the object before it connects (the armed STARTTLS holds it) and
    /// starts the build once the connect is asked for: a thread started before would take a
    /// core from the event loop that makes the connection (two cores here).
    public func startBuilding() {
        BackgroundThread.start { [self] in
            let prepared = try? PreparedTLS.make(settings: settings, endpoint: endpoint)
            state.withLock { $0 = prepared.map(State.built) ?? .none }
        }
    }

    /// Whether the context is built and not taken yet.
    public var isReady: Bool {
        state.withLock {
            if case .built = $0 { return true }
            return false
        }
    }

    /// Whether the build is still under way (for tests).
    public var isBuilding: Bool {
        state.withLock {
            if case .building = $0 { return true }
            return false
        }
    }

    /// The context, when it is built and was built for `settings` and `endpoint`; once only.
    func take(settings: TLSSettings, endpoint: Endpoint) -> PreparedTLS? {
        guard settings == self.settings, endpoint == self.endpoint else { return nil }
        return takeBuilt()
    }

    /// The context for the settings and endpoint it was made with, when it is built; once only.
    func takeBuilt() -> PreparedTLS? {
        state.withLock { state in
            guard case .built(let prepared) = state else { return nil }
            state = .none
            return prepared
        }
    }
}
