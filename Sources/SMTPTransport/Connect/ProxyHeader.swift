import NIOCore

/// An HAProxy PROXY protocol header (haproxy.org's proxy-protocol.txt, versions 1 and 2),
/// sent before anything else on the connection, as a load balancer in front of the
/// server would: `--proxy-protocol v1|v2`.
public struct ProxyHeader: Sendable {
    public enum Version: String, Sendable, CaseIterable {
        /// The text line: `PROXY TCP4 SRC DST SPORT DPORT\r\n`.
        case v1
        /// The binary form, which may carry TLVs.
        case v2
    }

    /// A type-length-value field of a v2 header.
    public struct TLV: Sendable, Hashable {
        public let type: UInt8
        public let value: [UInt8]

        public init(type: UInt8, value: [UInt8]) {
            self.type = type
            self.value = value
        }

        /// The TLV types of the specification, by the names `--proxy-tlv` accepts.
        public static let names: [String: UInt8] = [
            "ALPN": 0x01, "AUTHORITY": 0x02, "CRC32C": 0x03, "NOOP": 0x04, "UNIQUE_ID": 0x05, "SSL": 0x20, "NETNS": 0x30,
        ]

        /// `TYPE=VALUE`: TYPE a name above or a number (`0xE0`, `224`); VALUE text, with
        /// `\xHH` for any byte.
        public static func parse(_ text: String) -> Result<TLV, ProxyHeaderError> {
            guard let equals = text.firstIndex(of: "=") else {
                return .failure(.init(message: "--proxy-tlv \(text): expected TYPE=VALUE"))
            }
            let name = String(text[..<equals])
            let type: UInt8?
            if let known = names[name.uppercased()] {
                type = known
            } else if name.lowercased().hasPrefix("0x") {
                type = UInt8(name.dropFirst(2), radix: 16)
            } else {
                type = UInt8(name)
            }
            guard let type else {
                let known = names.keys.sorted().joined(separator: ", ")
                return .failure(.init(message: "--proxy-tlv \(text): the type is \(known) or a number from 0 to 255"))
            }
            var value: [UInt8] = []
            var rest = Substring(text[text.index(after: equals)...])
            while let first = rest.first {
                if rest.hasPrefix("\\x"), rest.count >= 4, let byte = UInt8(rest.dropFirst(2).prefix(2), radix: 16) {
                    value.append(byte)
                    rest = rest.dropFirst(4)
                } else {
                    value += Array(String(first).utf8)
                    rest = rest.dropFirst()
                }
            }
            guard value.count <= 65_000 else { return .failure(.init(message: "--proxy-tlv \(name): the value is too long")) }
            return .success(TLV(type: type, value: value))
        }
    }

    public var version: Version
    /// What the header claims as the client's address; nil: the connection's real source.
    public var source: SocketAddress?
    /// What it claims as the server's address; nil: the address really connected to.
    public var destination: SocketAddress?
    public var tlvs: [TLV]

    public init(version: Version, source: SocketAddress? = nil, destination: SocketAddress? = nil, tlvs: [TLV] = []) {
        self.version = version
        self.source = source
        self.destination = destination
        self.tlvs = tlvs
    }

    /// The header's bytes for a connection from `local` to `remote`; a claimed address
    /// replaces the real one. Families that differ, or an address that is not IPv4 or
    /// IPv6 (a unix socket), make the `UNKNOWN` (v1) or `UNSPEC` (v2) form.
    public func bytes(local: SocketAddress?, remote: SocketAddress?) -> [UInt8] {
        let from = source ?? local
        let to = destination ?? remote
        switch version {
        case .v1:
            guard let from, let to, let family = Self.family(from, to) else { return Array("PROXY UNKNOWN\r\n".utf8) }
            let line =
                "PROXY \(family == 4 ? "TCP4" : "TCP6") \(from.ipAddress ?? "") \(to.ipAddress ?? "") \(from.port ?? 0) \(to.port ?? 0)\r\n"
            return Array(line.utf8)
        case .v2:
            var body: [UInt8] = []
            var familyByte: UInt8 = 0x00
            if let from, let to, let family = Self.family(from, to) {
                familyByte = family == 4 ? 0x11 : 0x21
                body += Self.addressBytes(from) + Self.addressBytes(to)
                body += Self.bigEndian(UInt16(from.port ?? 0)) + Self.bigEndian(UInt16(to.port ?? 0))
            }
            for tlv in tlvs { body += [tlv.type] + Self.bigEndian(UInt16(tlv.value.count)) + tlv.value }
            return Self.signature + [0x21, familyByte] + Self.bigEndian(UInt16(body.count)) + body
        }
    }

    /// What the transcript and the screen say was sent.
    public func summary(local: SocketAddress?, remote: SocketAddress?) -> String {
        let from = source ?? local
        let to = destination ?? remote
        switch version {
        case .v1:
            let line = String(decoding: bytes(local: local, remote: remote).dropLast(2), as: UTF8.self)
            return "PROXY header sent (v1): \(line)"
        case .v2:
            let addresses =
                from.flatMap { from in to.map { (from, $0) } }.flatMap { Self.family($0.0, $0.1) != nil ? $0 : nil }
                .map { "\($0.0.displayAddressWithPort) → \($0.1.displayAddressWithPort)" } ?? "UNSPEC"
            let count = tlvs.count == 1 ? "1 TLV" : "\(tlvs.count) TLVs"
            return "PROXY header sent (v2): \(addresses), \(count), \(bytes(local: local, remote: remote).count) bytes"
        }
    }

    /// The v2 signature: `\r\n\r\n\0\r\nQUIT\n`.
    static let signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    /// 4 or 6 when both addresses are of that IP family, else nil.
    static func family(_ a: SocketAddress, _ b: SocketAddress) -> Int? {
        switch (a, b) {
        case (.v4, .v4): 4
        case (.v6, .v6): 6
        default: nil
        }
    }

    static func addressBytes(_ address: SocketAddress) -> [UInt8] {
        switch address {
        case .v4(let v4): withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6): withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        default: []
        }
    }

    static func bigEndian(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
}

/// A `--proxy-*` option that could not be used.
public struct ProxyHeaderError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Writes the PROXY header the moment the connection is up, before any other handler (a
/// TLS client hello included) writes: it sits first in the pipeline, next to the socket
/// (or right behind a proxy tunnel, which tells it the addresses).
final class ProxyHeaderWriter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let header: ProxyHeader
    private let sent: @Sendable (String) -> Void

    init(header: ProxyHeader, sent: @escaping @Sendable (String) -> Void) {
        self.header = header
        self.sent = sent
    }

    /// Set when the connection goes through a proxy tunnel: the socket's addresses are then the proxy's.
    private var tunnel: ProxyTunnelOpened?

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let opened = event as? ProxyTunnelOpened { tunnel = opened }
        context.fireUserInboundEventTriggered(event)
    }

    func channelActive(context: ChannelHandlerContext) {
        // Through a proxy the real source is where the proxy connects from (when it says),
        // and the real destination the server's address (unknown when the proxy resolved it).
        let local = tunnel.map { $0.bound ?? context.channel.localAddress } ?? context.channel.localAddress
        let remote = tunnel.map(\.destination) ?? context.channel.remoteAddress
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: header.bytes(local: local, remote: remote))), promise: nil)
        sent(header.summary(local: local, remote: remote))
        context.fireChannelActive()
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }
}
