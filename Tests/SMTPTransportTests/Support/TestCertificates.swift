import Foundation
import NIOSSL
import TestSupport

/// The test certificates (`TestCertificateFiles`) as the transport tests use them.
struct TestCertificates: Sendable {
    let files: TestCertificateFiles
    var directory: String { files.directory }
    var caFile: String { files.caFile }

    static func shared() throws -> TestCertificates {
        TestCertificates(files: try TestCertificateFiles.shared())
    }

    /// A server TLS context presenting `name` (`server`, `wrongname`, `expired`, `selfsigned`), with the CA in the chain file.
    func serverContext(_ name: String) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate(name)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key(name), format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }

    /// The SHA-256 fingerprint openssl prints for a certificate file (`AB:CD:…`).
    func opensslFingerprint(_ name: String) throws -> String {
        let output = try TestCertificateFiles.openssl(["x509", "-in", files.certificate(name), "-noout", "-fingerprint", "-sha256"])
        guard let value = output.split(separator: "=", maxSplits: 1).last else {
            throw TestCertificateFiles.Failure(description: "unexpected openssl output: \(output)")
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
