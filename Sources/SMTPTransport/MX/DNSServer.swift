import NIOCore
import SMTPCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The DNS server that MX lookups ask: a numeric IPv4 or IPv6 address and a port.
public struct DNSServer: Sendable, Hashable, CustomStringConvertible {
    /// The numeric address, without brackets: `127.0.0.1`, `::1`.
    public let address: String
    /// The UDP and TCP port, 53 unless said otherwise.
    public let port: Int
    /// The same, ready to connect to.
    let socketAddress: SocketAddress

    /// A server at a numeric address.
    /// - Throws: ``MXError`` (`.invalidDNSServer`) when `address` is not a numeric IP address or the port is out of range.
    public init(address: String, port: Int = 53) throws(MXError) {
        guard (1...65_535).contains(port) else {
            throw Self.invalid("port \(port) is out of range (1-65535)")
        }
        do {
            socketAddress = try SocketAddress(ipAddress: address, port: port)
        } catch {
            throw Self.invalid("\"\(address)\" is not a numeric IPv4 or IPv6 address")
        }
        self.address = address
        self.port = port
    }

    /// Reads a `--dns-server` value: `ADDR`, `ADDR:PORT`, `IPv6`, `[IPv6]` or `[IPv6]:PORT`.
    public init(parsing text: String) throws(MXError) {
        let trimmed = text.trimmingWhitespace()
        var address = Substring(trimmed)
        var port = 53
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw Self.invalid("\"\(text)\" has \"[\" without \"]\" (write [IPv6]:PORT)")
            }
            address = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else {
                    throw Self.invalid("\"\(text)\": expected :PORT after \"]\"")
                }
                port = number
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            address = trimmed[..<colon]
            guard let number = Int(trimmed[trimmed.index(after: colon)...]) else {
                throw Self.invalid("\"\(text)\": the port is not a number")
            }
            port = number
        }
        try self.init(address: String(address), port: port)
    }

    /// The first usable `nameserver` of a resolv.conf file (the system's DNS server).
    public static func system(resolvConf path: String = "/etc/resolv.conf") throws(MXError) -> DNSServer {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw invalid("cannot read \(path); name a server with --dns-server ADDR[:PORT]")
        }
        if let server = firstNameserver(in: String(decoding: data, as: UTF8.self)) { return server }
        throw invalid("\(path) names no usable nameserver; name one with --dns-server ADDR[:PORT]")
    }

    /// The first `nameserver ADDR` line whose address is numeric (a name or `ADDR:PORT` is not, in resolv.conf).
    static func firstNameserver(in text: String) -> DNSServer? {
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "nameserver" else { continue }
            if let server = try? DNSServer(address: String(words[1])) { return server }
        }
        return nil
    }

    /// `127.0.0.1:53` or `[::1]:53`.
    public var description: String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    private static func invalid(_ reason: String) -> MXError {
        MXError(kind: .invalidDNSServer, domain: "", message: "invalid DNS server: \(reason)")
    }
}
