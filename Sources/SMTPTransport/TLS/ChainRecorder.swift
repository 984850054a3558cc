import NIOSSL
import X509

/// Watches BoringSSL verify the peer's chain, one certificate at a time, and remembers it.
///
/// BoringSSL calls back from the root down to the leaf, each time with its own verdict.
/// We pass the verdict on unchanged (or, for `--insecure`, accept everything) and keep
/// the certificates and the first one that failed, so that `/tls` can show the whole
/// chain and a failure can be explained (expired, unknown issuer).
final class ChainRecorder {
    private let acceptEverything: Bool
    /// The name the server's certificate must list; nil when there is none to check here.
    private let serverName: String?
    /// Certificates in the order BoringSSL visited them (root first).
    private var visited: [NIOSSLCertificate] = []
    /// The first certificate BoringSSL rejected, if any.
    private(set) var firstFailure: NIOSSLCertificate?
    /// The server's certificate was refused because it does not list `serverName`.
    private(set) var nameMismatch = false

    init(acceptEverything: Bool, serverName: String? = nil) {
        self.acceptEverything = acceptEverything
        self.serverName = serverName
    }

    /// The chain as users read it: the server's own certificate first.
    var chainLeafFirst: [NIOSSLCertificate] { visited.reversed() }

    /// The per-certificate verification callback.
    func verify(_ verdict: NIOSSLVerificationResult, _ certificate: NIOSSLCertificate) -> NIOSSLVerificationResult {
        // BoringSSL may call more than once for one certificate (one call per problem found).
        if !visited.contains(certificate) { visited.append(certificate) }
        var verdict = verdict
        // The name is checked here, inside verification, so that a certificate for another
        // name fails the handshake with an alert, before our Finished (as openssl's
        // -verify_hostname and browsers do); NIOSSL's own check comes after the handshake.
        if case .certificateVerified = verdict, let serverName, Self.isEndEntity(certificate),
            !ServerNameCheck.matches(
                name: serverName, dnsNames: CertificateSummary.dnsNames(of: certificate),
                commonName: CertificateSummary.commonName(of: certificate))
        {
            verdict = .failed
            nameMismatch = true
        }
        if case .failed = verdict, firstFailure == nil { firstFailure = certificate }
        return acceptEverything ? .certificateVerified : verdict
    }

    /// Whether `certificate` is the server's own (not a CA): basic constraints without the
    /// CA flag, or none at all on a certificate that is not self-issued (RFC 5280 §4.2.1.9).
    static func isEndEntity(_ certificate: NIOSSLCertificate) -> Bool {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return false }
        switch try? parsed.extensions.basicConstraints {
        case .isCertificateAuthority?: return false
        case .notCertificateAuthority?: return true
        case nil: return parsed.subject != parsed.issuer
        }
    }
}

/// Access to NIOSSL's per-certificate verification callback, which it marks deprecated.
///
/// It is the only hook that sees the chain BoringSSL builds while keeping BoringSSL's own
/// verification (the replacement callback takes verification over entirely). The
/// deprecated call sits in a witness of this protocol so that it is made in one place only.
private protocol ClientHandlerMaking {
    func make(context: NIOSSLContext, serverName: String?, recorder: ChainRecorder) throws -> NIOSSLClientHandler
}

enum LegacyVerification {
    /// A client handler whose verification reports to `recorder`.
    static func makeClientHandler(
        context: NIOSSLContext, serverName: String?, recorder: ChainRecorder
    ) throws -> NIOSSLClientHandler {
        let maker: any ClientHandlerMaking = Maker()
        return try maker.make(context: context, serverName: serverName, recorder: recorder)
    }

    private struct Maker: ClientHandlerMaking {
        @available(*, deprecated, message: "uses NIOSSL's per-certificate verification callback on purpose")
        func make(context: NIOSSLContext, serverName: String?, recorder: ChainRecorder) throws -> NIOSSLClientHandler {
            try NIOSSLClientHandler(context: context, serverHostname: serverName, verificationCallback: recorder.verify)
        }
    }
}
