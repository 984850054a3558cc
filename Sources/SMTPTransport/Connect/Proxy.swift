import SMTPCore

/// `--proxy URL`: a SOCKS5 or HTTP proxy the connection goes through.
///
/// Only a proxy given explicitly is used: `ALL_PROXY` and the other proxy variables of
/// the environment are never read (a debugging tool must reach exactly what it was told).
public struct Proxy: Sendable, Hashable, CustomStringConvertible {
    /// The proxy protocol, from the URL's scheme.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `socks5://`: RFC 1928; smtpc resolves the server's name and asks for an address.
        case socks5
        /// `socks5h://`: RFC 1928 with the name sent to the proxy, which resolves it.
        case socks5h
        /// `http://`: an HTTP proxy's CONNECT method (RFC 9110 §9.3.6).
        case http

        /// How the proxy is named in messages.
        public var displayName: String {
            switch self {
            case .socks5, .socks5h: "SOCKS proxy"
            case .http: "HTTP proxy"
            }
        }
    }

    public let kind: Kind
    /// The proxy's host name or address (an IPv6 address without brackets).
    public let host: String
    public let port: Int
    /// RFC 1929 user name (SOCKS) or Basic user (HTTP), when the URL has one.
    public let username: String?
    public let password: String?

    public init(kind: Kind, host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.kind = kind
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Whether the proxy, not smtpc, resolves the server's name.
    public var resolvesNames: Bool { kind != .socks5 }

    /// The URL without the password, as shown and recorded: `socks5://alice@127.0.0.1:1080`.
    public var description: String {
        let user = username.map { "\(Self.percentEncoded($0))@" } ?? ""
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(kind.rawValue)://\(user)\(shownHost):\(port)"
    }

    /// Parses `socks5://[user:pass@]HOST:PORT`, `socks5h://…` or `http://[user:pass@]HOST:PORT`.
    ///
    /// The user and password may be percent-encoded (`%40` for `@`). A SOCKS proxy's port
    /// defaults to 1080; an HTTP proxy has no standard port, so it must be given.
    public static func parse(_ text: String) -> Result<Proxy, ProxyURLError> {
        func failure(_ why: String) -> Result<Proxy, ProxyURLError> {
            .failure(ProxyURLError(message: "--proxy \(Self.redacted(text)): \(why)"))
        }
        guard let (scheme, afterScheme) = splitScheme(text) else {
            return failure("expected socks5://HOST:PORT, socks5h://HOST:PORT or http://HOST:PORT")
        }
        guard let kind = Kind(rawValue: scheme.lowercased()) else {
            return failure("\(scheme):// is not a proxy smtpc speaks (socks5, socks5h or http)")
        }
        var rest = afterScheme
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else {
            return failure("a proxy URL has no path")
        }
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let user = userInfo.firstIndex(of: ":").map { userInfo[..<$0] } ?? userInfo
            guard let decodedUser = percentDecoded(user) else { return failure("the user name has a bad %-escape") }
            username = decodedUser
            if let colon = userInfo.firstIndex(of: ":") {
                guard let decoded = percentDecoded(userInfo[userInfo.index(after: colon)...]) else {
                    return failure("the password has a bad %-escape")
                }
                password = decoded
            }
            if kind != .http {
                // RFC 1929 gives each a one-byte length.
                guard (1...255).contains(decodedUser.utf8.count), (password?.utf8.count ?? 1) <= 255 else {
                    return failure("a SOCKS user name and password are 1 to 255 bytes each")
                }
            }
        }
        var host = String(rest)
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return failure("an IPv6 address needs its closing ]") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return failure("expected :PORT after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { return failure("the proxy's host is missing") }
        let port: Int
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                return failure("\(portText) is not a port (1 to 65535)")
            }
            port = number
        } else if kind == .http {
            return failure("give the HTTP proxy's port (http://HOST:PORT): it has no standard one")
        } else {
            port = 1080
        }
        return .success(Proxy(kind: kind, host: host, port: port, username: username, password: password))
    }

    /// The URL with its password replaced by `***`, for error messages.
    static func redacted(_ text: String) -> String {
        guard let (_, rest) = splitScheme(text), let at = rest.lastIndex(of: "@") else { return text }
        guard let colon = rest[..<at].firstIndex(of: ":") else { return text }
        return text[..<colon] + ":***" + text[at...]
    }

    /// `scheme` and what follows `scheme://`, when the text has that shape.
    private static func splitScheme(_ text: String) -> (Substring, Substring)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let rest = text[text.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        return (text[..<colon], rest.dropFirst(2))
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(RawEscapes.hexValue), let low = utf8.next().flatMap(RawEscapes.hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                out += "%\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
            }
        }
        return out
    }
}

/// A `--proxy` URL that cannot be used; the message names it (without its password).
public struct ProxyURLError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Why a connection through a proxy failed, named apart from the server's own failures.
public struct ProxyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure, for choosing an exit status.
    public enum Kind: Sendable, Hashable {
        /// The proxy could not be reached, did not answer in time, or did not answer as a proxy.
        case unreachable
        /// The proxy wants a user name and password, or refused the ones given.
        case authentication
        /// The proxy refused to connect to the server (its rules).
        case refused
        /// The proxy could not reach the server (refused, unreachable or timed out from the proxy).
        case serverUnreachable
    }

    public let kind: Kind
    /// The one line to show the user.
    public let message: String
    public var description: String { message }

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
