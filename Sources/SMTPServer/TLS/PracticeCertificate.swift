import Crypto
import NIOSSL
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The certificates the practice server makes each time it starts.
///
/// A throw-away CA (its key is dropped once it has signed) and a P-256 leaf certificate
/// for `localhost`, 127.0.0.1 and ::1 signed by it, both valid for a week. Nothing is
/// written to disk: clients either trust the CA (`caCertificatePEM`, which the console
/// does for its in-process server), skip verification (`--insecure`, swaks' default) or
/// compare the SHA-256 fingerprint printed at start.
public struct PracticeCertificate: Sendable {
    /// The server's (leaf) certificate in PEM form.
    public let certificatePEM: String
    /// The CA that signed it, in PEM form (for a client's CA file).
    public let caCertificatePEM: String
    /// The SHA-256 fingerprint of the DER certificate, `AB:CD:…` as openssl prints it.
    public let fingerprint: String
    /// The server's TLS configuration with this certificate and key.
    let tlsConfiguration: TLSConfiguration

    /// Makes a new key and certificate.
    public static func generate(now: Date = Date()) throws -> PracticeCertificate {
        let notBefore = now.addingTimeInterval(-300)
        let notAfter = now.addingTimeInterval(7 * 24 * 3600)
        let caKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let caName = try DistinguishedName {
            OrganizationName("smtpc practice server")
            CommonName("smtpc practice CA")
        }
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caKey.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: caKey)

        let key = P256.Signing.PrivateKey()
        let certificateKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName {
            OrganizationName("smtpc practice server")
            CommonName("localhost")
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames([
                .dnsName("localhost"),
                .ipAddress(.init(contentBytes: [127, 0, 0, 1])),
                .ipAddress(.init(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
            ])
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: certificateKey.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: caName,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: caKey)
        let pem = try certificate.serializeAsPEM()
        let der = pem.derBytes
        let tlsCertificate = try NIOSSLCertificate(bytes: der, format: .der)
        let tlsKey = try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(tlsCertificate)], privateKey: .privateKey(tlsKey))
        configuration.minimumTLSVersion = .tlsv12
        return PracticeCertificate(
            certificatePEM: pem.pemString,
            caCertificatePEM: try ca.serializeAsPEM().pemString,
            fingerprint: Self.fingerprint(ofDER: der),
            tlsConfiguration: configuration)
    }

    /// The SHA-256 of DER bytes as colon-separated uppercase hex pairs.
    static func fingerprint(ofDER der: [UInt8]) -> String {
        SHA256.hash(data: der).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
