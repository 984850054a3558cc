/// A server named on the command line or in `/connect`: `HOST`, `HOST PORT`,
/// `HOST:PORT`, `[v6addr]:PORT`, `[v6addr]` or a bare IPv6 address such as `::1`.
public struct HostSpec: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses the host argument and an optional separate port argument.
    ///
    /// - Parameters:
    ///   - hostArgument: `HOST`, `HOST:PORT`, `[v6]:PORT`, `[v6]` or a bare IPv6 address.
    ///   - portArgument: a port given as a separate argument; it must not contradict one in `hostArgument`.
    ///   - defaultPort: 25 for SMTP, 465 for implicit TLS, 24 for LMTP.
    /// - Throws: `HostSpecError` with a message naming the problem.
    public init(_ hostArgument: String, port portArgument: String? = nil, defaultPort: Int) throws {
        var host = hostArgument
        var embeddedPort: String?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw HostSpecError("'\(hostArgument)': missing ']' after the IPv6 address")
            }
            let rest = host[host.index(after: close)...]
            let inner = String(host[host.index(after: host.startIndex)..<close])
            if rest.hasPrefix(":") {
                embeddedPort = String(rest.dropFirst())
            } else if !rest.isEmpty {
                throw HostSpecError("'\(hostArgument)': expected ':PORT' after ']'")
            }
            host = inner
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            embeddedPort = String(host[host.index(after: colon)...])
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw HostSpecError("'\(hostArgument)': the host name is empty") }
        if host.contains(where: { $0 == " " || $0 == "/" || $0.isNewline }) {
            throw HostSpecError("'\(hostArgument)' is not a host name or address")
        }
        if embeddedPort != nil, portArgument != nil {
            throw HostSpecError("the port is given twice: in '\(hostArgument)' and as '\(portArgument!)'")
        }
        let port = try (embeddedPort ?? portArgument).map(HostSpec.parsePort) ?? defaultPort
        self.init(host: host, port: port)
    }

    /// A port number 1–65535, or an error naming the bad text.
    public static func parsePort(_ text: String) throws -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text),
            (1...65535).contains(port)
        else {
            throw HostSpecError("'\(text)' is not a port number (1–65535)")
        }
        return port
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// A host or port argument that cannot be used; `message` says why.
public struct HostSpecError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
