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

    public init(
        serverName: String? = nil,
        caFile: String? = nil,
        insecure: Bool = false,
        clientCertificateFile: String? = nil,
        clientKeyFile: String? = nil,
        handshakeTimeout: Duration = .seconds(30)
    ) {
        self.serverName = serverName
        self.caFile = caFile
        self.insecure = insecure
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.handshakeTimeout = handshakeTimeout
    }
}
