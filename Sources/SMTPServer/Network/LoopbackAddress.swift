import NIOCore

/// The listening address, which must be on loopback: a practice server is not for the network.
enum LoopbackAddress {
    /// The socket address for a loopback host (`127.0.0.0/8`, `::1`, or `localhost`), or an error saying why not.
    ///
    /// With `allowNetwork` (a classroom that asked for it) any address of this machine is taken.
    static func resolve(_ host: String, port: Int, allowNetwork: Bool = false) throws -> SocketAddress {
        guard (0...65535).contains(port) else {
            throw PracticeServerError("port \(port) is out of range (0-65535)")
        }
        var literal = host
        if literal.hasPrefix("[") && literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        if literal.lowercased() == "localhost" { literal = "127.0.0.1" }
        guard let address = try? SocketAddress(ipAddress: literal, port: port) else {
            throw PracticeServerError(
                "'\(host)' is not a loopback address: the practice server listens on 127.0.0.1, ::1 or localhost only")
        }
        guard allowNetwork || isLoopback(address) else {
            throw PracticeServerError(
                "refusing to listen on \(host): the practice server accepts mail from anyone who can reach it, "
                    + "so it binds to loopback only (127.0.0.1, ::1 or localhost)")
        }
        return address
    }

    /// `true` for 127.0.0.0/8 and ::1.
    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return false }
        switch address.protocol {
        case .inet: return ip.hasPrefix("127.")
        case .inet6: return ip == "::1"
        default: return false
        }
    }

    /// `host:port` with brackets around IPv6.
    static func display(_ address: SocketAddress) -> String {
        let ip = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

extension PracticeServerConfiguration {
    /// Sets `host` and `port` from `ADDR:PORT`, `[IPv6]:PORT`, `ADDR` or `:PORT`.
    ///
    /// Throws `PracticeServerError` for a malformed text or an address that is not loopback
    /// (unless `allowNetwork` is set).
    public mutating func listen(on text: String) throws {
        (host, port) = try Self.address(text, host: host, port: port, allowNetwork: allowNetwork)
    }

    /// The host and port `ADDR:PORT`, `[IPv6]:PORT`, `ADDR` or `:PORT` names, the part left
    /// out taken from `host` and `port`; loopback only unless `allowNetwork`. The web view's
    /// address is read the same way.
    public static func address(_ text: String, host: String, port: Int, allowNetwork: Bool) throws -> (host: String, port: Int) {
        var host = host
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw PracticeServerError("'\(text)': missing ']' after the IPv6 address") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw PracticeServerError("'\(text)': expected :PORT after ']'") }
                portText = rest.dropFirst()
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            if colon != text.startIndex { host = String(text[..<colon]) }
            portText = text[text.index(after: colon)...]
        } else if !text.isEmpty {
            host = text
        }
        var port = port
        if let portText {
            guard let value = Int(portText), (0...65535).contains(value) else {
                throw PracticeServerError("'\(portText)' is not a port number (0-65535)")
            }
            port = value
        }
        _ = try LoopbackAddress.resolve(host, port: port, allowNetwork: allowNetwork)
        return (host, port)
    }

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        (try? LoopbackAddress.resolve(host, port: 0)) != nil
    }
}
