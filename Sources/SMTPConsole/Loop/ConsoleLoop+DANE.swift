import NIOCore
import SMTPCheck
import SMTPCore
import SMTPTransport

/// DANE for the console: the name and port TLSA records are looked up for, the lookup
/// itself (`/dane`), and `--dane`, the connection policy posttls-finger's `-l dane` is.
extension ConsoleLoop {
    /// The name TLSA records are looked up for and MTA-STS patterns matched against, with the
    /// port: the name TLS verifies (`--servername`, else the host connected to; with `--mx`,
    /// the MX host reached), or why there is none.
    func serverName() -> Result<(host: String, port: Int), NoServerName> {
        guard machine.isConnected, let connection else { return .failure(.notConnected) }
        guard case .tcp(let connected, let port) = connection.endpoint else { return .failure(.unixSocket) }
        let name = configuration.tlsSettings.serverName ?? connected
        guard (try? SocketAddress(ipAddress: name, port: 0)) == nil else { return .failure(.address(name)) }
        return .success((name, port))
    }

    /// The TLSA records of `host` at `port` and its addresses, asked with DNSSEC of
    /// `--dns-server` (or the system's resolver), the loop going on meanwhile.
    func lookUpDANE(host: String, port: Int) -> Result<DANELookup, any Error> {
        let dnsServer = configuration.dnsServer
        return wait { () async throws in
            let resolver = try MXResolver(dnsServer: dnsServer, dnssec: true, group: ConnectionOpener.group)
            return await DANELookup.run(host: host, port: port, resolver: resolver)
        }
    }

    /// `--dane` once connected: looks up the TLSA records of the host reached and says what
    /// they ask. With DNSSEC-secure records TLS is required and the handshake is judged by
    /// them instead of the Web PKI, with the host's name as SNI (``LoopLink/tlsSettings``);
    /// an answer that does not validate ends the session; without secure records the
    /// session goes on as it would without `--dane`.
    func applyDANEPolicy() -> DANEDecision {
        let lookup: DANELookup
        switch serverName() {
        case .failure(let why):
            show(renderer.lines(for: .warning("--dane: \(why); going on as without --dane")))
            return .goOn
        case .success(let (host, port)):
            switch lookUpDANE(host: host, port: port) {
            case .success(let found):
                lookup = found
                show(DANEReport(lookup: found).recordLines.flatMap { renderer.lines(for: .event($0)) })
            case .failure(let error):
                self.error("--dane: \(VisibleText.escape("\(error)")); closing, as a DANE sender would not deliver here")
                disconnect()
                return .stop(.tlsFailure)
            }
        }
        let host = VisibleText.escape(lookup.host)
        switch lookup.dnsVerdict {
        case .failed(let type, let why)?:
            error("--dane: \(why) (\(type.name)); closing, as a DANE sender would not deliver to \(host)")
            disconnect()
            return .stop(.tlsFailure)
        case let verdict?:
            let why = if case .notApplicable(let why) = verdict { why } else { "\(verdict)" }
            show(renderer.lines(for: .event("DANE does not apply: \(why); going on as without --dane")))
            return .goOn
        case nil:
            var settings = configuration.tlsSettings
            settings.serverName = lookup.host
            settings.chainCheck = lookup.chainCheck
            link.tlsSettings = settings
            let usable = lookup.records.filter { $0.unusable == nil }.count
            let how =
                usable == 0
                ? "none of the records is usable, so TLS is required but not authenticated (RFC 7672 §2.2)"
                : "TLS is required and the certificate is verified by the TLSA records instead of the Web PKI"
            show(renderer.lines(for: .event("DANE: \(how); SNI \(host)")))
            return .requireTLS
        }
    }

    /// What the options ask once connected, before the first prompt: `--dane`'s lookup, then
    /// the STARTTLS prelude when `--starttls` or the TLSA records require TLS. Nil when the
    /// session goes on, else the status to end with.
    func runConnectionPolicies(interrupt: Int32?) -> ExitStatus? {
        var option = configuration.tlsMode == .startTLS ? "--starttls" : nil
        if configuration.dane {
            switch applyDANEPolicy() {
            case .stop(let status): return status
            case .requireTLS: option = "--dane"
            case .goOn: break
            }
        }
        guard let option else { return nil }
        return runStartTLSPrelude(interrupt: interrupt, option: option)
    }
}

/// What `--dane` decided for the connection.
enum DANEDecision: Equatable {
    /// TLS is required and judged by the TLSA records.
    case requireTLS
    /// DANE does not apply: the session goes on as without `--dane`.
    case goOn
    /// The session is refused with this status (said already).
    case stop(ExitStatus)
}

/// Why there is no server name to look records up for (`/dane`, `--dane`, `/mta-sts`).
enum NoServerName: Error, CustomStringConvertible {
    case notConnected
    case unixSocket
    case address(String)

    var description: String {
        switch self {
        case .notConnected: "not connected"
        case .unixSocket: "a unix socket has no TLSA records"
        case .address(let address): "connected to the address \(address), not a name (--servername NAME gives one)"
        }
    }
}
