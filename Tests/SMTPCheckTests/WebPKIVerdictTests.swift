import Foundation
import NIOSSL
import TestSupport
import Testing

@testable import SMTPCheck
@testable import SMTPTransport

/// What the Web PKI check (MTA-STS's) finds in a session's certificate, with the test CA's
/// certificates from scripts/testenv: trusted and for the name, expired, for another name, untrusted.
@Suite("the Web PKI verdict on a session's certificate (needs scripts/testenv)")
struct WebPKIVerdictTests {
    private func probe(_ file: String, host: String, problem: String?) throws -> ProbeResult {
        let env = try TestEnvironment.load()
        let path = URL(fileURLWithPath: env.caFile).deletingLastPathComponent().appendingPathComponent(file).path
        let leaf = try NIOSSLCertificate(file: path, format: .pem)
        var result = ProbeResult(host: host, address: "127.0.0.1", port: 25)
        result.startTLSOffered = true
        result.tls = TLSInfo(
            protocolVersion: "TLSv1.3", cipherSuite: nil, serverNameSent: host, alpn: nil,
            verification: .skipped(problem: problem), certificates: [CertificateSummary(leaf)])
        return result
    }

    @Test("a certificate for the MX name from a trusted CA passes")
    func trusted() throws {
        #expect(try probe("server.pem", host: "mx-dane-ee.check.test", problem: nil).webPKIProblem() == nil)
    }

    @Test("a certificate without the MX name is certificate-host-mismatch")
    func otherName() throws {
        #expect(try probe("wrongname.pem", host: "mx.smtpc.test", problem: nil).webPKIProblem() == .certificateHostMismatch)
    }

    @Test("an expired certificate is certificate-expired, before any other problem")
    func expired() throws {
        let result = try probe("expired.pem", host: "mx.smtpc.test", problem: "certificate has expired")
        #expect(result.webPKIProblem() == .certificateExpired)
    }

    @Test("a chain the handshake could not verify is certificate-not-trusted")
    func untrusted() throws {
        let result = try probe("server.pem", host: "mx.smtpc.test", problem: "unable to get local issuer certificate")
        #expect(result.webPKIProblem() == .certificateNotTrusted)
    }
}
