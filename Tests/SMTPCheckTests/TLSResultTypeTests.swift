import Testing

@testable import SMTPCheck

/// The IANA "STARTTLS Validation Result Types" registry.
@Suite("TLS result types")
struct TLSResultTypeTests {
    @Test func theRegistryNames() {
        #expect(
            TLSResultType.allCases.map(\.name) == [
                "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
                "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error",
                "sts-policy-invalid", "sts-webpki-invalid",
            ])
        #expect(TLSResultType(rawValue: "dane-required") == .daneRequired)
        #expect(TLSResultType.allCases.allSatisfy { $0.meaning.hasSuffix(".") && !$0.meaning.contains("\n") })
    }
}
