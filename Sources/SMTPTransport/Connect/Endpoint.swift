import NIOCore
import SMTPCore

/// Where to connect: a host name or address with a TCP port, or a unix-domain socket.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// A host name or a literal IPv4/IPv6 address (without brackets) and a TCP port.
    case tcp(host: String, port: Int)
    /// The path of a unix-domain stream socket (LMTP servers often listen on one).
    case unix(path: String)

    /// How the endpoint is named to the user: `host port 25` or the socket path.
    public var description: String {
        switch self {
        case .tcp(let host, let port): return "\(host) port \(port)"
        case .unix(let path): return "unix socket \(path)"
        }
    }

    /// The host name, when there is one (used for SNI and certificate checks).
    public var host: String? {
        if case .tcp(let host, _) = self { return host }
        return nil
    }
}

/// Which address families a host name may resolve to (`-4`, `-6`).
public enum AddressFamily: Sendable, Hashable {
    /// IPv4 and IPv6, in the order the resolver returns them.
    case any
    /// IPv4 only (`-4`).
    case v4
    /// IPv6 only (`-6`).
    case v6

    /// The name used in messages ("IPv4", "IPv6").
    var displayName: String {
        switch self {
        case .any: return "IPv4 or IPv6"
        case .v4: return "IPv4"
        case .v6: return "IPv6"
        }
    }
}

/// Whether the connection speaks TLS from its first byte.
public enum TLSMode: Sendable {
    /// Plain TCP; TLS may be started later with STARTTLS.
    case none
    /// Implicit TLS (SMTPS, port 465): the handshake happens before the banner.
    case implicit(TLSSettings)
}

/// How to connect: address family, time limit and TLS.
public struct ConnectOptions: Sendable {
    /// The address families a host name may resolve to.
    public var addressFamily: AddressFamily
    /// How long each connection attempt (one address) may take; the TLS handshake has its own limit in ``TLSSettings``.
    public var connectTimeout: Duration
    /// Plain or implicit TLS.
    public var tls: TLSMode
    /// Bounds for the reply parser (line length, lines per reply).
    public var parserLimits: ReplyParser.Limits
    /// `--local-address`: the address (and port, 0 for any) the connection is made from;
    /// only the server's addresses of the same family are tried.
    public var localAddress: SocketAddress?
    /// `--proxy-protocol`: a PROXY header sent before anything else.
    public var proxyHeader: ProxyHeader?
    /// `--proxy`: the SOCKS5 or HTTP proxy to connect through.
    public var proxy: Proxy?
    /// How long the event loop watches, after a read that delivered a reply, for a write
    /// that answers it, so that it writes it itself instead of being woken for it (script
    /// mode, where every reply is answered at once). Nil: never.
    public var answerWindow: Duration?
    /// Commands the event loop writes by itself the moment the replies they answer
    /// arrive, in order, each for the next reply (``ArmedAnswer``): `--starttls`'s EHLO
    /// and STARTTLS, armed in the slot by the console's machine. Nil: none.
    public var answers: AnswerSlot?
    /// Bounds what is delivered and not yet handled: reading stops past its limit until the
    /// consumer catches up (``ReadGate``). Nil: reading never stops for the consumer.
    public var readGate: ReadGate?

    public init(
        addressFamily: AddressFamily = .any,
        connectTimeout: Duration = .seconds(30),
        tls: TLSMode = .none,
        parserLimits: ReplyParser.Limits = .init(),
        localAddress: SocketAddress? = nil,
        proxyHeader: ProxyHeader? = nil,
        proxy: Proxy? = nil,
        answerWindow: Duration? = nil,
        answers: AnswerSlot? = nil,
        readGate: ReadGate? = nil
    ) {
        self.readGate = readGate
        self.answerWindow = answerWindow
        self.answers = answers
        self.proxyHeader = proxyHeader
        self.proxy = proxy
        self.addressFamily = addressFamily
        self.connectTimeout = connectTimeout
        self.tls = tls
        self.parserLimits = parserLimits
        self.localAddress = localAddress
    }

    /// `ADDR`, `ADDR:PORT`, `[IPv6]:PORT` or a bare IPv6 address, as a local address to
    /// connect from; nil with the reason when it is not one.
    public static func localAddress(_ text: String) -> Result<SocketAddress, LocalAddressError> {
        address(text, option: "--local-address")
    }

    /// `ADDR`, `ADDR:PORT`, `[IPv6]:PORT` or a bare IPv6 address (port 0), for `option`.
    public static func address(_ text: String, option: String) -> Result<SocketAddress, LocalAddressError> {
        var host = text
        var port = 0
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else {
                    return .failure(.init(message: "\(option) \(text): expected [IPv6]:PORT"))
                }
                port = number
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            guard let number = Int(text[text.index(after: colon)...]) else {
                return .failure(.init(message: "\(option) \(text): the port must be a number"))
            }
            port = number
        }
        guard (0...65535).contains(port) else {
            return .failure(.init(message: "\(option) \(text): \(port) is not a port (0 to 65535)"))
        }
        do {
            return .success(try SocketAddress(ipAddress: host, port: port))
        } catch {
            let what = option == "--local-address" ? "an IPv4 or IPv6 address of this host" : "an IPv4 or IPv6 address"
            return .failure(.init(message: "\(option) \(text): \(host) is not \(what)"))
        }
    }
}

/// An address option (`--local-address`, `--proxy-source`, `--proxy-dest`) that is not an address.
public struct LocalAddressError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension Duration {
    /// The duration as NIO's `TimeAmount`, saturating instead of overflowing.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = self.components
        let (nanosFromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .nanoseconds(seconds < 0 ? .min : .max) }
        let (total, overflow2) = nanosFromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return .nanoseconds(.max) }
        return .nanoseconds(total)
    }
}
