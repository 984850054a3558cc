import NIOCore
import SMTPCore

/// Where the proxy is asked to connect: an address smtpc resolved, or a name the proxy resolves.
enum ProxyDestination: Sendable, Hashable {
    case address(SocketAddress)
    case name(String, port: Int)

    /// `127.0.0.1 port 2525`, `mx.example.org port 25`.
    var displayName: String {
        switch self {
        case .address(let address): "\(address.displayAddress) port \(address.port ?? 0)"
        case .name(let host, let port): "\(host) port \(port)"
        }
    }
}

/// A proxy's handshake as bytes in and bytes out, with no I/O: SOCKS5 (RFC 1928) with
/// user/password authentication (RFC 1929), or HTTP CONNECT.
///
/// Written here rather than taken from swift-nio-extras: its `SOCKSClientHandler` (1.35)
/// offers only "no authentication" in a fixed greeting, stops on any other method, and
/// keeps its message codecs internal, so RFC 1929 cannot be added around it; and it has no
/// HTTP CONNECT client at all. One small machine serves both, tested byte by byte.
struct ProxyNegotiation: Sendable {
    /// What the handshake asks of its driver after each input.
    enum Step: Equatable, Sendable {
        /// Write these bytes, then wait for more.
        case send([UInt8])
        /// Wait for more bytes.
        case wait
        /// The tunnel is open; bytes left in the buffer are the server's. `bound` is the
        /// address the proxy connects from, when it says (SOCKS).
        case established(bound: SocketAddress?)
        case failed(ProxyError)
    }

    private enum State: Sendable {
        case start
        case socksMethod
        case socksAuthentication
        case socksReply
        case httpReply
        case done
    }

    /// The longest HTTP response head accepted before the tunnel opens.
    static let maximumHTTPHead = 16 * 1024

    let proxy: Proxy
    let destination: ProxyDestination
    private var state = State.start

    init(proxy: Proxy, destination: ProxyDestination) {
        self.proxy = proxy
        self.destination = destination
    }

    /// The first bytes to write once the TCP connection to the proxy is up.
    mutating func start() -> [UInt8] {
        switch proxy.kind {
        case .socks5, .socks5h:
            state = .socksMethod
            // Version 5; "no authentication", and user/password (2) when the URL has a user.
            return proxy.username == nil ? [5, 1, 0] : [5, 2, 0, 2]
        case .http:
            state = .httpReply
            return httpRequest()
        }
    }

    /// Reads what it can from `buffer` (consuming only what belongs to the handshake).
    mutating func receive(_ buffer: inout ByteBuffer) -> Step {
        let step: Step
        switch state {
        case .socksMethod: step = socksMethod(&buffer)
        case .socksAuthentication: step = socksAuthentication(&buffer)
        case .socksReply: step = socksReply(&buffer)
        case .httpReply: step = httpReply(&buffer)
        case .start, .done: step = .wait
        }
        switch step {
        case .established, .failed: state = .done
        case .send, .wait: break
        }
        return step
    }

    /// What to say when the proxy closes before the tunnel is open.
    func closedEarly() -> ProxyError {
        switch state {
        case .socksAuthentication:
            ProxyError(kind: .authentication, message: "the \(name) closed the connection instead of answering the user name and password")
        default:
            ProxyError(
                kind: .unreachable, message: "the \(name) closed the connection before the tunnel to \(destination.displayName) was open")
        }
    }

    private var name: String { "\(proxy.kind.displayName) \(proxy.host.contains(":") ? "[\(proxy.host)]" : proxy.host):\(proxy.port)" }

    // MARK: SOCKS5

    private mutating func socksMethod(_ buffer: inout ByteBuffer) -> Step {
        guard let bytes = buffer.readBytes(length: 2) else { return notSOCKSYet(buffer) }
        guard bytes[0] == 5 else { return .failed(notSOCKS(bytes[0])) }
        switch bytes[1] {
        case 0:
            state = .socksReply
            return .send(socksRequest())
        case 2 where proxy.username != nil:
            state = .socksAuthentication
            let user = Array((proxy.username ?? "").utf8)
            let password = Array((proxy.password ?? "").utf8)
            return .send([1, UInt8(user.count)] + user + [UInt8(password.count)] + password)
        case 2, 0xFF:
            guard proxy.username != nil else {
                return .failed(
                    ProxyError(
                        kind: .authentication,
                        message: "the \(name) requires a user name and password (\(proxy.kind.rawValue)://USER:PASSWORD@HOST:PORT)"))
            }
            return .failed(
                ProxyError(kind: .authentication, message: "the \(name) accepts none of the offered methods (none, user/password)"))
        default:
            return .failed(ProxyError(kind: .unreachable, message: "the \(name) chose method \(bytes[1]), which was not offered"))
        }
    }

    private mutating func socksAuthentication(_ buffer: inout ByteBuffer) -> Step {
        guard let bytes = buffer.readBytes(length: 2) else { return .wait }
        guard bytes[1] == 0 else {
            return .failed(
                ProxyError(
                    kind: .authentication,
                    message: "the \(name) refused the user name and password for \(proxy.username ?? "")"))
        }
        state = .socksReply
        return .send(socksRequest())
    }

    private mutating func socksReply(_ buffer: inout ByteBuffer) -> Step {
        let view = buffer.readableBytesView
        guard view.count >= 2 else { return .wait }
        let base = view.startIndex
        guard view[base] == 5 else { return .failed(notSOCKS(view[base])) }
        let code = view[base + 1]
        guard code == 0 else { return .failed(socksFailure(code)) }
        guard view.count >= 5 else { return .wait }
        let addressLength: Int
        switch view[base + 3] {
        case 1: addressLength = 4
        case 4: addressLength = 16
        case 3: addressLength = 1 + Int(view[base + 4])
        default:
            return .failed(ProxyError(kind: .unreachable, message: "the \(name) answered with address type \(view[base + 3])"))
        }
        let total = 4 + addressLength + 2
        guard let reply = buffer.readBytes(length: total) else { return .wait }
        let port = Int(reply[total - 2]) << 8 | Int(reply[total - 1])
        let addressBytes = Array(reply[4..<(4 + addressLength)])
        var bound: SocketAddress?
        if addressBytes.count == 4 {
            bound = try? SocketAddress(ipAddress: addressBytes.map(String.init).joined(separator: "."), port: port)
        } else if addressBytes.count == 16 {
            let groups = stride(from: 0, to: 16, by: 2).map { String(Int(addressBytes[$0]) << 8 | Int(addressBytes[$0 + 1]), radix: 16) }
            bound = try? SocketAddress(ipAddress: groups.joined(separator: ":"), port: port)
        }
        // 0.0.0.0:0 (microsocks says so) tells nothing.
        if let address = bound, address.port == 0 || address.ipAddress == "0.0.0.0" || address.ipAddress == "::" { bound = nil }
        return .established(bound: bound)
    }

    /// A SOCKS5 CONNECT request for the destination.
    private func socksRequest() -> [UInt8] {
        var bytes: [UInt8] = [5, 1, 0]
        let port: Int
        switch destination {
        case .address(let address):
            port = address.port ?? 0
            switch address {
            case .v4: bytes += [1] + ProxyHeader.addressBytes(address)
            default: bytes += [4] + ProxyHeader.addressBytes(address)
            }
        case .name(let host, let namePort):
            port = namePort
            let name = Array(host.utf8.prefix(255))
            bytes += [3, UInt8(name.count)] + name
        }
        return bytes + ProxyHeader.bigEndian(UInt16(truncatingIfNeeded: port))
    }

    /// The reply codes of RFC 1928 §6, worded as the RFC words them.
    private func socksFailure(_ code: UInt8) -> ProxyError {
        let what: String
        let kind: ProxyError.Kind
        switch code {
        case 1: (kind, what) = (.refused, "general SOCKS server failure")
        case 2: (kind, what) = (.refused, "connection not allowed by ruleset")
        case 3: (kind, what) = (.serverUnreachable, "network unreachable")
        case 4: (kind, what) = (.serverUnreachable, "host unreachable")
        case 5: (kind, what) = (.serverUnreachable, "connection refused")
        case 6: (kind, what) = (.serverUnreachable, "TTL expired")
        case 7: (kind, what) = (.refused, "command not supported")
        case 8: (kind, what) = (.refused, "address type not supported")
        default: (kind, what) = (.refused, "reply code \(code), unassigned")
        }
        let message =
            kind == .serverUnreachable
            ? "the \(name) could not reach \(destination.displayName): \(what)"
            : "the \(name) refused: \(what) (asked for \(destination.displayName))"
        return ProxyError(kind: kind, message: message)
    }

    private func notSOCKSYet(_ buffer: ByteBuffer) -> Step {
        // An HTTP proxy answers the binary greeting at once with "HTTP/1.x 400".
        if let first = buffer.readableBytesView.first, first != 5 { return .failed(notSOCKS(first)) }
        return .wait
    }

    private func notSOCKS(_ first: UInt8) -> ProxyError {
        let hint = first == UInt8(ascii: "H") ? " (it answered in HTTP: use http://)" : ""
        return ProxyError(kind: .unreachable, message: "\(name) does not answer as a SOCKS5 proxy\(hint)")
    }

    // MARK: HTTP CONNECT

    private func httpRequest() -> [UInt8] {
        let authority: String
        switch destination {
        case .address(let address):
            authority =
                address.protocol == .inet6
                ? "[\(address.displayAddress)]:\(address.port ?? 0)" : "\(address.displayAddress):\(address.port ?? 0)"
        case .name(let host, let port):
            authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
        var request = "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n"
        if let user = proxy.username {
            request += "Proxy-Authorization: Basic \(Base64.encode("\(user):\(proxy.password ?? "")"))\r\n"
        }
        request += "\r\n"
        return Array(request.utf8)
    }

    private func httpReply(_ buffer: inout ByteBuffer) -> Step {
        let view = buffer.readableBytesView
        guard let end = Self.headEnd(view) else {
            if view.count > Self.maximumHTTPHead {
                return .failed(ProxyError(kind: .unreachable, message: "the \(name) sent a response head over 16 KiB"))
            }
            if let first = view.first, first != UInt8(ascii: "H") {
                return .failed(ProxyError(kind: .unreachable, message: "\(name) does not answer as an HTTP proxy"))
            }
            return .wait
        }
        let head = buffer.readBytes(length: end - view.startIndex) ?? []
        let statusLine = head.split(separator: UInt8(ascii: "\r"), maxSplits: 1).first.map { Array($0) } ?? []
        let text = String(decoding: statusLine, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...599).contains(status) else {
            return .failed(ProxyError(kind: .unreachable, message: "\(name) does not answer as an HTTP proxy"))
        }
        let shown = text.dropFirst(parts[0].count + 1)
        switch status {
        case 200...299:
            return .established(bound: nil)
        case 401, 407:
            let message =
                proxy.username == nil
                ? "the \(name) requires a user name and password (\(shown)); give them as http://USER:PASSWORD@HOST:PORT"
                : "the \(name) refused the user name and password for \(proxy.username ?? "") (\(shown))"
            return .failed(ProxyError(kind: .authentication, message: message))
        case 500, 502, 503, 504:
            return .failed(
                ProxyError(kind: .serverUnreachable, message: "the \(name) could not reach \(destination.displayName): \(shown)"))
        default:
            return .failed(ProxyError(kind: .refused, message: "the \(name) refused: \(shown) (asked for \(destination.displayName))"))
        }
    }

    /// The index just past the blank line ending the response head, if it has arrived.
    private static func headEnd(_ view: ByteBufferView) -> Int? {
        var index = view.startIndex
        while index + 3 < view.endIndex {
            if view[index] == 0x0D, view[index + 1] == 0x0A, view[index + 2] == 0x0D, view[index + 3] == 0x0A {
                return index + 4
            }
            index += 1
        }
        return nil
    }
}
