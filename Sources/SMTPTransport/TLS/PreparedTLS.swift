import NIOCore
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// TLS settings turned into a ready NIOSSL context, before any byte is sent.
///
/// Built off the event loop because it reads files (trust store, CA, client
/// certificate); a bad file is reported here, with its path, not mid-handshake.
struct PreparedTLS: Sendable {
    let context: NIOSSLContext
    /// The name for the hostname check; `nil` for a literal address (checked against the peer's IP).
    let serverName: String?
    /// The name sent in SNI: the server name, unless `--sni` or `--no-sni` says otherwise.
    let sniName: String?
    /// What the certificate must match, for messages (a name, or the address connected to).
    let expectedIdentity: String
    let settings: TLSSettings

    var timeout: Duration { settings.handshakeTimeout }

    /// Builds the context for `settings` when connecting to `endpoint`.
    static func make(settings: TLSSettings, endpoint: Endpoint) throws(TLSError) -> PreparedTLS {
        let name = settings.serverName ?? endpoint.host
        if name == nil && !settings.acceptsAnyChain {
            throw TLSError(
                kind: .invalidSettings,
                message: "no server name to verify the certificate against (\(endpoint))",
                suggestion: "use --servername NAME, or --insecure to skip verification")
        }
        let isAddress = name.map { (try? SocketAddress(ipAddress: $0, port: 0)) != nil } ?? false
        let serverName = isAddress ? nil : name
        let sniName: String?
        switch settings.sni {
        case .serverName: sniName = serverName
        case .name(let other): sniName = other
        case .none: sniName = nil
        }
        var configuration = try configuration(for: settings)
        configuration.trustRoots = systemTrustRoots
        // Insecure mode (and a chain check) still builds the chain (and records what is wrong with it), but accepts
        // it. When SNI names something else than the name verified (or nothing), NIOSSL's own
        // check would use the SNI name: the chain recorder checks the name verified instead.
        let recorderChecksName = serverName != nil && sniName != serverName
        configuration.certificateVerification =
            settings.acceptsAnyChain || recorderChecksName ? .noHostnameVerification : .fullVerification
        if let caFile = settings.caFile {
            configuration.additionalTrustRoots = [.certificates(try loadCertificates(caFile, role: "CA file"))]
        }
        if let certificateFile = settings.clientCertificateFile {
            configuration.certificateChain = try loadCertificates(certificateFile, role: "client certificate")
                .map { .certificate($0) }
            let keyFile = settings.clientKeyFile ?? certificateFile
            try requireReadable(keyFile, role: "client key")
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            } catch {
                throw TLSError(kind: .invalidSettings, message: "cannot read the client key \(keyFile): no PEM private key in it")
            }
        } else if let keyFile = settings.clientKeyFile {
            throw TLSError(
                kind: .invalidSettings, message: "a client key (\(keyFile)) was given without a certificate",
                suggestion: "add --cert FILE")
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSError(
                kind: .invalidSettings, message: "cannot set up TLS: \(error)",
                suggestion: "check that the client key matches the certificate")
        }
        return PreparedTLS(
            context: context,
            serverName: serverName,
            sniName: sniName,
            expectedIdentity: name ?? endpoint.description,
            settings: settings)
    }

    /// A client configuration with the protocol versions and ciphers of `settings`.
    static func configuration(for settings: TLSSettings) throws(TLSError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let minimum = settings.minimumVersion { configuration.minimumTLSVersion = minimum.nioVersion }
        if let maximum = settings.maximumVersion { configuration.maximumTLSVersion = maximum.nioVersion }
        if let list = settings.cipherList { configuration.cipherSuites = list }
        return configuration
    }

    /// The system's trust store. Debian's hashed certificate directory lets BoringSSL read
    /// only the roots a chain needs; the default also parses the whole bundle file (146
    /// certificates, ~8 ms and 1.4 MB on every STARTTLS, measured by bench/run).
    static let systemTrustRoots: NIOSSLTrustRoots = {
        let directory = "/etc/ssl/certs"
        return hasHashedCertificates(directory) ? .file(directory) : .default
    }()

    /// `true` when `directory` holds OpenSSL's hash links (`9d04f354.0`), as `c_rehash`
    /// and Debian's update-ca-certificates make them.
    static func hasHashedCertificates(_ directory: String) -> Bool {
        guard let handle = opendir(directory) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            let hex = name.prefix(8)
            if name.count == 10, hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
                name[8] == 0x2E, (0x30...0x39).contains(name[9])
            {
                return true
            }
        }
        return false
    }

    /// Every certificate in a PEM file, or an error naming the file and what is wrong with it.
    private static func loadCertificates(_ path: String, role: String) throws(TLSError) -> [NIOSSLCertificate] {
        try requireReadable(path, role: role)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw TLSError(kind: .invalidSettings, message: "cannot read the \(role) \(path): not a PEM certificate file")
        }
        guard !certificates.isEmpty else {
            throw TLSError(kind: .invalidSettings, message: "the \(role) \(path) contains no certificate")
        }
        return certificates
    }

    /// Fails with the system's reason when `path` cannot be opened for reading.
    private static func requireReadable(_ path: String, role: String) throws(TLSError) {
        guard access(path, R_OK) != 0 else { return }
        throw TLSError(
            kind: .invalidSettings,
            message: "cannot read the \(role) \(path): \(SystemErrorText.describe(errno: errno))")
    }
}

extension TLSProtocolVersion {
    var nioVersion: TLSVersion {
        switch self {
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }
}

extension TLSSettings {
    /// Why `--tls-ciphers LIST` cannot be used, or nil when it can: every name must be the
    /// IANA name of a TLS 1.2 suite BoringSSL negotiates (as `/tls` shows them). Checked
    /// here because NIOSSL stops the program on a list BoringSSL refuses.
    public static func cipherListProblem(_ list: String) -> String? {
        let names = list.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let tls12 = CipherSuiteNames.names.filter { $0.key >> 8 != 0x13 }.map(\.value)
        for name in names {
            if tls12.contains(name) { continue }
            if CipherSuiteNames.names.contains(where: { $0.value == name }) {
                return "--tls-ciphers: \(name) is a TLS 1.3 suite, which BoringSSL does not let us choose"
            }
            return "--tls-ciphers: '\(name)' is not a TLS 1.2 cipher suite BoringSSL knows; give IANA names separated by "
                + "colons, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
        }
        return nil
    }
}
