import Testing

@testable import SMTPConsole

/// `/tls save`'s failures as the line shown: the same words as when they were strings.
@Suite struct CertificateSaveErrorTests {
    @Test func eachFailureSaysWhyNothingWasSaved() {
        #expect(CertificateSaveError.noTLS.description == "/tls save: no TLS on this connection: nothing to save")
        #expect(
            CertificateSaveError.notKept.description == "/tls save: the server's certificates were not kept by the handshake")
        #expect(
            CertificateSaveError.cannotWrite(path: "~/x.pem", reason: "No such file or directory").description
                == "/tls save: cannot write ~/x.pem: No such file or directory")
    }
}
