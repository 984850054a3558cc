import Crypto
import Foundation
import NIOSSL
import X509

/// The self-signed certificate the practice server makes each time it starts.
///
/// A P-256 key and a leaf certificate for `localhost`, 127.0.0.1 and ::1, valid for a week.
/// Nothing is written to disk: clients either skip verification (`--insecure`, swaks'
/// default) or compare the SHA-256 fingerprint printed at start.
public struct PracticeCertificate: Sendable {
    /// The certificate in PEM form (for a client's CA file).
    public let certificatePEM: String
    /// The SHA-256 fingerprint of the DER certificate, `AB:CD:…` as openssl prints it.
    public let fingerprint: String
    /// The server's TLS configuration with this certificate and key.
    let tlsConfiguration: TLSConfiguration

    /// Makes a new key and certificate.
    public static func generate(now: Date = Date()) throws -> PracticeCertificate {
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
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(7 * 24 * 3600),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: certificateKey)
        let pem = try certificate.serializeAsPEM()
        let der = pem.derBytes
        let tlsCertificate = try NIOSSLCertificate(bytes: der, format: .der)
        let tlsKey = try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(tlsCertificate)], privateKey: .privateKey(tlsKey))
        configuration.minimumTLSVersion = .tlsv12
        return PracticeCertificate(
            certificatePEM: pem.pemString,
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
