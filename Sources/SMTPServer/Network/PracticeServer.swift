import NIOCore
import NIOPosix
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The practice SMTP server: starts listening on loopback and serves every client with a `ServerSession`.
public enum PracticeServer {
    /// Binds the configured loopback address and starts accepting clients.
    ///
    /// Port 0 picks a free port; the one chosen is in `RunningPracticeServer.port`.
    /// Throws `PracticeServerError` for a non-loopback address, a maildir that cannot be
    /// made, or a port that cannot be bound.
    public static func start(_ configuration: PracticeServerConfiguration) async throws -> RunningPracticeServer {
        let address = try LoopbackAddress.resolve(
            configuration.host, port: configuration.port, allowNetwork: configuration.allowNetwork)
        let store: MessageStore
        do {
            store = try MessageStore(
                capacity: configuration.storeCapacity, byteCapacity: configuration.storeByteCapacity,
                maildir: configuration.maildir, hostname: configuration.hostname,
                dkimKeys: configuration.dkimKeys)
        } catch {
            throw PracticeServerError("\(error)")
        }
        if let directory = configuration.recordDirectory {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw PracticeServerError("cannot create the directory for transcripts \(directory): \(error)")
            }
        }
        let certificate = configuration.tlsEnabled ? try PracticeCertificate.generate() : nil
        let sslContext = try certificate.map { try NIOSSLContext(configuration: $0.tlsConfiguration) }
        let shared = SharedServerState(
            configuration: configuration, store: store, sslContext: sslContext,
            greylist: configuration.greylistDelay.map { Greylist(delay: $0) })
        let bootstrap = ServerBootstrap(group: NIOSingletons.posixEventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = SMTPSessionHandler(shared: shared, peer: channel.remoteAddress)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.bind(to: address).get()
        } catch {
            throw PracticeServerError("cannot listen on \(LoopbackAddress.display(address)): \(error)")
        }
        guard let bound = channel.localAddress, let port = bound.port else {
            try? await channel.close()
            throw PracticeServerError("the listening socket has no address")
        }
        return RunningPracticeServer(
            channel: channel, shared: shared, host: bound.ipAddress ?? configuration.host, port: port,
            certificate: certificate)
    }
}

/// A practice server that is listening; `stop()` ends it.
public final class RunningPracticeServer: Sendable {
    private let channel: Channel
    private let shared: SharedServerState
    /// The address it listens on (`127.0.0.1` or `::1`).
    public let host: String
    /// The port it listens on (the chosen one when the configuration said 0).
    public let port: Int
    /// The certificate offered with STARTTLS; `nil` when TLS is off.
    public let certificate: PracticeCertificate?

    init(channel: Channel, shared: SharedServerState, host: String, port: Int, certificate: PracticeCertificate?) {
        self.channel = channel
        self.shared = shared
        self.host = host
        self.port = port
        self.certificate = certificate
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    /// The accounts AUTH accepts.
    public var credentials: [Credential] { shared.configuration.credentials }
    /// The SHA-256 fingerprint of the certificate (`AB:CD:…`); `nil` when TLS is off.
    public var fingerprint: String? { certificate?.fingerprint }
    /// The configuration it runs with.
    public var configuration: PracticeServerConfiguration { shared.configuration }
    /// The store of accepted messages.
    public var store: MessageStore { shared.store }
    /// The accepted messages kept in memory, oldest first.
    public var messages: [StoredMessage] { shared.store.messages }

    /// Stops listening and closes every open connection.
    public func stop() async {
        try? await channel.close()
        for connection in shared.openChannels() {
            try? await connection.close()
        }
    }
}

/// Why the practice server could not start.
public struct PracticeServerError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// One line for the user.
    public let description: String
    init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
