import SMTPTransport

/// The steps of one checking session, in order, each timed.
public enum ProbePhase: String, CaseIterable, Sendable, Hashable, Codable {
    case connect
    case greeting
    case ehlo
    case starttls
    case handshake
    case ehloAfterTLS = "ehlo-tls"

    /// The words a table heading uses.
    public var label: String {
        switch self {
        case .connect: return "TCP"
        case .greeting: return "banner"
        case .ehlo: return "EHLO"
        case .starttls: return "STARTTLS"
        case .handshake: return "TLS"
        case .ehloAfterTLS: return "EHLO 2"
        }
    }
}

/// Where and why a session stopped early.
public struct ProbeFailure: Sendable, Hashable {
    public let phase: ProbePhase
    /// One line for people: `connection refused`, `the server answered STARTTLS with 454 …`.
    public let message: String
}

/// What one session with one address of one MX host found.
public struct ProbeResult: Sendable {
    /// The MX host name (the name sent in SNI and matched against the certificate).
    public let host: String
    /// The numeric address connected to.
    public let address: String
    public let port: Int
    /// When the connection was asked for.
    public internal(set) var started: ContinuousClock.Instant?
    /// When the session ended (after QUIT, or where it stopped).
    public internal(set) var ended: ContinuousClock.Instant?
    /// How long each phase took, for the phases that ran.
    public internal(set) var durations: [ProbePhase: Duration] = [:]
    /// The first line of the banner, as text safe for a terminal.
    public internal(set) var banner: String?
    /// Whether the first EHLO reply advertised STARTTLS.
    public internal(set) var startTLSOffered = false
    /// What the handshake negotiated and the chain the server sent (verified or not).
    public internal(set) var tls: TLSInfo?
    /// Why the session stopped before its end, or nil.
    public internal(set) var failure: ProbeFailure?

    /// The sum of the phases that ran.
    public var total: Duration { durations.values.reduce(.zero, +) }

    /// The duration of `phase` in milliseconds, when it ran.
    public func milliseconds(_ phase: ProbePhase) -> Double? {
        durations[phase].map(\.milliseconds)
    }
}

extension Duration {
    /// The duration in milliseconds, with fractions.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
