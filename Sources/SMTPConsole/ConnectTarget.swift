import SMTPTransport

/// Where the console connects: a host and port, a unix-domain socket, or the best
/// mail exchanger of a domain.
public enum ConnectTarget: Sendable, Hashable, CustomStringConvertible {
    /// `HOST [PORT]`.
    case host(HostSpec)
    /// `--unix PATH`.
    case unix(path: String)
    /// `--mx DOMAIN`: the MX records of the domain, tried in preference order, on `port`.
    case mx(domain: String, port: Int)

    /// The one endpoint a host or a socket names; nil for `--mx` (its hosts are looked up).
    public var endpoint: Endpoint? {
        switch self {
        case .host(let spec): .tcp(host: spec.host, port: spec.port)
        case .unix(let path): .unix(path: path)
        case .mx: nil
        }
    }

    /// How the prompt and messages name it: `host:port`, the socket path, `MX of domain`.
    public var description: String {
        switch self {
        case .host(let spec): return spec.description
        case .unix(let path): return path
        case .mx(let domain, let port): return "MX of \(domain) port \(port)"
        }
    }
}
