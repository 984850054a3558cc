import SMTPCore
import SMTPTransport

/// One session with one address of an MX host, the way a sending server opens it:
/// connect, banner, EHLO, STARTTLS, the handshake, EHLO again, QUIT. Each phase is timed
/// from the moment its command went out to the moment its reply's last byte was read.
///
/// The handshake accepts any certificate, so that the chain is always seen; whether it
/// is trusted, and for which name, is judged afterwards (``TLSInfo/verification`` carries
/// what the Web PKI check found, ``CertificateNames`` the name).
public struct HostProbe: Sendable {
    public let host: String
    public let address: String
    public let port: Int
    /// The name given with EHLO.
    public let helloName: String
    /// `--cafile`: the trust anchors for the Web PKI check instead of the system's.
    public let caFile: String?
    /// The most the whole session may take.
    public let timeout: Duration

    public init(host: String, address: String, port: Int, helloName: String, caFile: String?, timeout: Duration) {
        self.host = host
        self.address = address
        self.port = port
        self.helloName = helloName
        self.caFile = caFile
        self.timeout = timeout
    }

    /// Runs the session; a failure is part of the result, never thrown.
    public func run() async -> ProbeResult {
        var result = ProbeResult(host: host, address: address, port: port)
        let events = ProbeEvents()
        let started = ContinuousClock.now
        result.started = started
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.connect(
                to: .tcp(host: address, port: port), options: ConnectOptions(connectTimeout: timeout),
                onEvent: events.deliver)
        } catch {
            result.failure = ProbeFailure(phase: .connect, message: Self.describe(error))
            result.ended = ContinuousClock.now
            return result
        }
        let connected = ContinuousClock.now
        result.durations[.connect] = connected - started
        connection.after(timeout) { connection.closeNow() }
        var session = ProbeSession(connection: connection, events: events, result: result, timeout: timeout)
        await session.converse(helloName: helloName, settings: tlsSettings, since: connected)
        await connection.close()
        result = session.result
        result.ended = ContinuousClock.now
        return result
    }

    /// Any certificate is accepted; SNI and the Web PKI check use the MX host's name.
    private var tlsSettings: TLSSettings {
        TLSSettings(serverName: host, caFile: caFile, insecure: true, handshakeTimeout: timeout)
    }

    /// An error's one line for people.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ConnectError: return error.message
        case let error as TLSError: return error.message
        case let error as ConnectionError: return error.description
        default: return String(describing: error)
        }
    }
}
