import SMTPCore
import SMTPTransport

extension ConsoleEngine {
    /// `--mx DOMAIN`: looks up the domain's mail exchangers, shows them with their
    /// preferences, and connects to the best one that answers (RFC 5321 §5.1).
    func openMX(
        domain: String, port: Int, options: ConnectOptions, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        let resolver = try MXResolver(dnsServer: configuration.dnsServer)
        let lookup = try await resolver.lookup(domain: domain)
        // Names in DNS answers come from the network: shown visible-safe.
        output.write(lines: ["--- DNS server \(resolver.server)"] + lookup.lines.map { "    " + VisibleText.escape($0) })
        let reached = try await MXResolver.connect(to: lookup, port: port, options: options, onEvent: onEvent)
        var lines = reached.failedAttempts.map { style.warning("  ! \(VisibleText.escape($0.message))") }
        lines.append(style.event("--- using \(VisibleText.escape(reached.host.name)) (preference \(reached.host.preference))"))
        output.write(lines: lines)
        return reached.connection
    }
}
