import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a host name into the addresses to try, with the system resolver (getaddrinfo).
///
/// We call getaddrinfo ourselves rather than let the bootstrap resolve, because the
/// console must try every address in turn, report each failure, and tell "unknown
/// host" apart from "no IPv6 address" (for `-6`).
enum AddressResolver {
    /// A failed lookup: the resolver's own wording and whether the name simply does not exist.
    struct Failure: Error {
        let isUnknownName: Bool
        let reason: String
    }

    /// Every distinct TCP address for `host`, in the resolver's order (blocking; run off the event loop).
    static func resolveBlocking(host: String, port: Int) throws(Failure) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
            hints.ai_protocol = IPPROTO_TCP
        #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_protocol = Int32(IPPROTO_TCP)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(isUnknownName: isUnknownName(status), reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }

        var addresses: [SocketAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let address = socketAddress(of: current.pointee, port: port), !addresses.contains(address) {
                addresses.append(address)
            }
            node = current.pointee.ai_next
        }
        return addresses
    }

    /// Resolves on NIO's blocking-I/O thread pool so no event loop or task thread is held up.
    ///
    /// An address written in the usual numeric form (`127.0.0.1`, `::1`) is its own and only
    /// result, as getaddrinfo would say, without starting that pool (two threads, a tenth of
    /// a short session's instructions); other forms (`127.1`, `fe80::1%eth0`) go to getaddrinfo.
    static func resolve(host: String, port: Int) async throws(Failure) -> [SocketAddress] {
        if let literal = numericAddress(host, port: port) { return [literal] }
        let result: Result<[SocketAddress], Failure>
        do {
            result = try await NIOThreadPool.singleton.runIfActive {
                do throws(Failure) {
                    return .success(try resolveBlocking(host: host, port: port))
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw Failure(isUnknownName: false, reason: "resolver unavailable: \(error)")
        }
        return try result.get()
    }

    /// `host` as an IPv4 dotted quad or an IPv6 address (RFC 4291 text, no zone), or nil.
    static func numericAddress(_ host: String, port: Int) -> SocketAddress? {
        guard host.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || isHexDigit($0) }) else { return nil }
        return try? SocketAddress(ipAddress: host, port: port)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default: return false
        }
    }

    /// Keeps only the addresses of the requested family.
    static func filter(_ addresses: [SocketAddress], family: AddressFamily) -> [SocketAddress] {
        addresses.filter { address in
            switch (family, address) {
            case (.any, _), (.v4, .v4), (.v6, .v6): return true
            default: return false
            }
        }
    }

    /// getaddrinfo codes that mean "this name has no address", as opposed to a broken resolver.
    private static func isUnknownName(_ status: Int32) -> Bool {
        #if canImport(Glibc) || canImport(Musl)
            // -5 is EAI_NODATA and -9 EAI_ADDRFAMILY, which Swift's Glibc module does not name.
            let codes: [Int32] = [EAI_NONAME, EAI_AGAIN, EAI_FAIL, -5, -9]
        #else
            let codes: [Int32] = [EAI_NONAME, EAI_AGAIN, EAI_FAIL]
        #endif
        return codes.contains(status)
    }

    /// The numeric form of one getaddrinfo result, as a NIO address with the port.
    private static func socketAddress(of info: addrinfo, port: Int) -> SocketAddress? {
        guard let raw = info.ai_addr else { return nil }
        var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = getnameinfo(
            raw, info.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST
        )
        guard status == 0 else { return nil }
        let numeric = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return try? SocketAddress(ipAddress: numeric, port: port)
    }
}

extension SocketAddress {
    /// The bare numeric address (`127.0.0.1`, `::1`) or socket path, for messages.
    var displayAddress: String {
        switch self {
        case .v4, .v6: return ipAddress ?? description
        case .unixDomainSocket: return pathname ?? description
        }
    }

    /// `127.0.0.1:25`, `[::1]:25`, or the socket path.
    var displayAddressWithPort: String {
        switch self {
        case .v4: return "\(displayAddress):\(port ?? 0)"
        case .v6: return "[\(displayAddress)]:\(port ?? 0)"
        case .unixDomainSocket: return displayAddress
        }
    }
}
