import NIOCore
import NIOSSL
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What every connection of one running server shares: settings, store, greylist, TLS, counters.
final class SharedServerState: Sendable {
    let configuration: PracticeServerConfiguration
    let store: MessageStore
    let sslContext: NIOSSLContext?
    let greylist: Greylist?
    private let connections = Mutex(Connections())

    private struct Connections {
        var lastNumber = 0
        var open: [Int: Channel] = [:]
    }

    init(configuration: PracticeServerConfiguration, store: MessageStore, sslContext: NIOSSLContext?, greylist: Greylist?) {
        self.configuration = configuration
        self.store = store
        self.sslContext = sslContext
        self.greylist = greylist
    }

    /// Registers a new connection; returns its number and whether it fits under `maxConnections`.
    func opened(_ channel: Channel) -> (number: Int, admitted: Bool) {
        connections.withLock { state in
            state.lastNumber += 1
            state.open[state.lastNumber] = channel
            return (state.lastNumber, state.open.count <= configuration.maxConnections)
        }
    }

    /// Forgets a closed connection.
    func closed(_ number: Int) {
        _ = connections.withLock { $0.open.removeValue(forKey: number) }
    }

    /// The connections open now.
    func openChannels() -> [Channel] {
        connections.withLock { Array($0.open.values) }
    }

    /// The per-connection settings for connection `number` from `address`.
    func sessionSettings(number: Int, clientAddress: String) -> SessionSettings {
        var settings = SessionSettings()
        settings.hostname = configuration.hostname
        settings.clientAddress = clientAddress
        settings.maxMessageSize = configuration.maxMessageSize
        settings.maxRecipients = configuration.maxRecipients
        settings.strict = configuration.strict
        settings.tlsAvailable = sslContext != nil
        settings.allowPlainAuth = configuration.allowPlainAuth
        settings.requireAuth = configuration.requireAuth
        settings.credentials = configuration.credentials
        settings.gate = configuration.accountGate
        settings.dropAfterRCPT = configuration.dropEveryOtherConnectionAfterRCPT && number % 2 == 1
        settings.idleTimeout = configuration.idleTimeout
        return settings
    }

    /// The services a session uses: this server's store and greylist.
    var sessionServices: SessionServices {
        let store = self.store
        let greylist = self.greylist
        return SessionServices(
            deliver: { envelope, data in store.store(envelope, data: data) },
            greylist: { client, from, to in greylist?.check(client: client, from: from, to: to) ?? .pass },
            nonce: { "\(UInt32.random(in: 1...UInt32.max)).\(Int(Date().timeIntervalSince1970))" })
    }

    /// Sends an event to the configured handler, if any.
    func log(_ connection: Int, _ kind: ServerEvent.Kind) {
        configuration.eventHandler?(ServerEvent(connection: connection, kind: kind))
    }
}
