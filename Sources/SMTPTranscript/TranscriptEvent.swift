/// Something that happened in a session, as a transcript records it: typed, so that a
/// program reading JSON Lines does not have to parse prose.
///
/// The text format writes each event as its ``text`` after `--- `; JSON Lines writes the
/// same text and, beside it, the event's kind and fields (see docs/transcripts.md).
public enum TranscriptEvent: Sendable, Hashable {
    /// The transcript began (the file was opened, or `/record` was typed).
    case recordingStarted
    /// A connection to `target` opened; `address` is the address reached, when it differs.
    case connected(target: String, address: String?)
    /// Connecting to `target` failed.
    case connectFailed(target: String)
    /// The TLS handshake completed.
    case tlsEstablished(TLSDetails)
    /// The server accepted an AUTH exchange (a 235 after `AUTH mechanism`).
    case authenticated(mechanism: String)
    /// An HAProxy PROXY header was sent first (`--proxy-protocol`); the text says what it claimed.
    case proxyHeader(String)
    /// The connection closed: by whom, and why when it was lost.
    case closed(by: Closer, reason: String?)

    /// Who ended a connection.
    public enum Closer: String, Sendable, Hashable {
        case client, server
        /// Neither side closed it cleanly: a reset, a TLS failure, a timeout.
        case lost
    }

    /// What a TLS handshake negotiated and how the certificate was judged.
    public struct TLSDetails: Sendable, Hashable {
        public var protocolVersion: String
        public var cipher: String?
        public var subject: String?
        public var issuer: String?
        /// The certificate chain and name were verified (false with `--insecure`).
        public var verified: Bool
        /// The one-line summary the console shows.
        public var summary: String

        public init(
            protocolVersion: String, cipher: String?, subject: String?, issuer: String?, verified: Bool, summary: String
        ) {
            self.protocolVersion = protocolVersion
            self.cipher = cipher
            self.subject = subject
            self.issuer = issuer
            self.verified = verified
            self.summary = summary
        }
    }

    /// The event in words, as the console shows it and the text format records it.
    public var text: String {
        switch self {
        case .recordingStarted: "recording started"
        case .connected(let target, let address?): "connected to \(target) (\(address))"
        case .connected(let target, nil): "connected to \(target)"
        case .connectFailed(let target): "cannot connect to \(target)"
        case .tlsEstablished(let details): "TLS established: \(details.summary)"
        case .authenticated(let mechanism): "authenticated with \(mechanism)"
        case .proxyHeader(let summary): summary
        case .closed(.client, _): "connection closed"
        case .closed(.server, _): "connection closed by the server"
        case .closed(.lost, let reason): "connection lost: \(reason ?? "unknown reason")"
        }
    }

    /// The JSON Lines name of the event's kind.
    public var kind: String {
        switch self {
        case .recordingStarted: "recording-started"
        case .connected: "connected"
        case .connectFailed: "connect-failed"
        case .tlsEstablished: "tls-established"
        case .authenticated: "authenticated"
        case .proxyHeader: "proxy-header"
        case .closed: "closed"
        }
    }

    /// The event's fields for JSON Lines, in a fixed order (strings, booleans, nulls).
    var fields: [(String, JSONValue)] {
        switch self {
        case .recordingStarted: []
        case .connected(let target, let address):
            [("target", .string(target)), ("address", address.map(JSONValue.string) ?? .null)]
        case .connectFailed(let target): [("target", .string(target))]
        case .tlsEstablished(let details):
            [
                ("protocol", .string(details.protocolVersion)), ("cipher", details.cipher.map(JSONValue.string) ?? .null),
                ("subject", details.subject.map(JSONValue.string) ?? .null),
                ("issuer", details.issuer.map(JSONValue.string) ?? .null), ("verified", .bool(details.verified)),
            ]
        case .authenticated(let mechanism): [("mechanism", .string(mechanism))]
        case .proxyHeader: []
        case .closed(let by, let reason): [("by", .string(by.rawValue)), ("reason", reason.map(JSONValue.string) ?? .null)]
        }
    }
}
