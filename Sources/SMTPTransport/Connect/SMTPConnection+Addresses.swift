import NIOCore
import NIOPosix

/// The addresses a connection tries, and the user's words when there are none.
extension SMTPConnection {
    /// The addresses for the endpoint, resolved and filtered by family, or the reason there are none.
    static func addressesToTry(endpoint: Endpoint, family: AddressFamily) async throws(ConnectError)
        -> [SocketAddress]
    {
        switch endpoint {
        case .unix(let path):
            do {
                return [try SocketAddress(unixDomainSocketPath: path)]
            } catch {
                throw ConnectError(
                    kind: .socketNotFound, endpoint: endpoint,
                    message: "cannot connect to \(endpoint): the path is too long for a unix socket")
            }
        case .tcp(let host, let port):
            let resolved: Result<[SocketAddress], AddressResolver.Failure>
            do {
                resolved = .success(try await AddressResolver.resolve(host: host, port: port))
            } catch {
                resolved = .failure(error)
            }
            return try chooseAddresses(resolved, host: host, port: port, endpoint: endpoint, family: family)
        }
    }

    /// The addresses of `host` to try in turn, of the family asked for; the error the user
    /// sees when there are none.
    static func chooseAddresses(
        _ resolved: Result<[SocketAddress], AddressResolver.Failure>, host: String, port: Int, endpoint: Endpoint,
        family: AddressFamily
    ) throws(ConnectError) -> [SocketAddress] {
        let all: [SocketAddress]
        switch resolved {
        case .success(let addresses):
            all = addresses
        case .failure(let error):
            let kind: ConnectError.Kind = error.isUnknownName ? .unknownHost : .other
            let what = error.isUnknownName ? "unknown host \(host)" : "cannot resolve \(host)"
            throw ConnectError(kind: kind, endpoint: endpoint, message: "\(what) (port \(port)): \(error.reason)")
        }
        let wanted = AddressResolver.filter(all, family: family)
        guard wanted.isEmpty else { return wanted }
        let found = all.map(\.displayAddress).joined(separator: ", ")
        throw ConnectError(
            kind: all.isEmpty ? .unknownHost : .noAddressInFamily, endpoint: endpoint,
            message: all.isEmpty
                ? "unknown host \(host) (port \(port)): no address found"
                : "\(host) has no \(family.displayName) address (it resolves to \(found)); port \(port) not tried")
    }
}
