/// How to set up TLS: whom to trust, which name to check, whether to present a client certificate.
public struct TLSSettings: Sendable, Hashable {
    /// The name sent in SNI and checked against the certificate (`--servername`);
    /// `nil` uses the host connected to.
    public var serverName: String?
    /// A PEM file of extra CA certificates to trust besides the system store (`--cafile`).
    public var caFile: String?
    /// Skip verification entirely (`--insecure`); the chain is still recorded and shown.
    public var insecure: Bool
    /// A PEM client certificate (chain) to present (`--cert`).
    public var clientCertificateFile: String?
    /// The PEM private key for the client certificate (`--key`); `nil` reads it from the certificate file.
    public var clientKeyFile: String?
    /// How long the handshake may take before the connection is given up.
    public var handshakeTimeout: Duration
    /// `--tls-min`: the lowest protocol version offered (default: BoringSSL's, TLS 1.2).
    public var minimumVersion: TLSProtocolVersion?
    /// `--tls-max`: the highest protocol version offered (default: TLS 1.3).
    public var maximumVersion: TLSProtocolVersion?
    /// `--tls-ciphers`: an OpenSSL cipher list for TLS 1.2 (BoringSSL's TLS 1.3 suites are fixed).
    public var cipherList: String?
    /// `--sni`, `--no-sni`: the name sent in SNI, when it is not the one verified.
    public var sni: SNIChoice
    /// `--dane`: the chain is judged by this instead of the Web PKI (``TLSChainCheck``).
    public var chainCheck: TLSChainCheck?

    public init(
        serverName: String? = nil,
        caFile: String? = nil,
        insecure: Bool = false,
        clientCertificateFile: String? = nil,
        clientKeyFile: String? = nil,
        handshakeTimeout: Duration = .seconds(30),
        minimumVersion: TLSProtocolVersion? = nil,
        maximumVersion: TLSProtocolVersion? = nil,
        cipherList: String? = nil,
        sni: SNIChoice = .serverName,
        chainCheck: TLSChainCheck? = nil
    ) {
        self.chainCheck = chainCheck
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.cipherList = cipherList
        self.sni = sni
        self.serverName = serverName
        self.caFile = caFile
        self.insecure = insecure
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.handshakeTimeout = handshakeTimeout
    }

    /// Whether the handshake accepts any chain: `--insecure`, or a ``chainCheck`` that judges
    /// it once the handshake is done.
    public var acceptsAnyChain: Bool { insecure || chainCheck != nil }
}

/// A TLS protocol version smtpc can be limited to (`--tls-min`, `--tls-max`).
public enum TLSProtocolVersion: String, Sendable, Hashable, CaseIterable, Comparable {
    case tls12 = "1.2"
    case tls13 = "1.3"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .tls12 && rhs == .tls13 }
}

/// What goes in the TLS server_name extension (SNI).
public enum SNIChoice: Sendable, Hashable {
    /// The name verified (`--servername`, or the host): the usual case.
    case serverName
    /// `--sni NAME`: another name, for servers that choose their certificate by SNI;
    /// the certificate is still checked against the name verified.
    case name(String)
    /// `--no-sni`: no server_name extension at all.
    case none
}
