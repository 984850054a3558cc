import Testing

@testable import SMTPCheck

/// The verdict for each MX host under a policy's mode (RFC 8461 §5).
@Suite("MTA-STS outcome")
struct MTASTSOutcomeTests {
    @Test func outcomesByMode() throws {
        let enforce = try MTASTSPolicy(parsing: MTASTSPolicyTests.enforce)
        #expect(enforce.findings(mxHost: "mail.example.com", offeredSTARTTLS: true, certificateProblem: nil).isEmpty)
        #expect(enforce.outcome(for: []) == .pass)
        let findings = enforce.findings(mxHost: "other.example.org", offeredSTARTTLS: false, certificateProblem: .certificateExpired)
        #expect(findings == [.noPatternMatch, .noSTARTTLS])
        #expect(enforce.outcome(for: findings) == .failure(findings))
        let badCertificate = enforce.findings(mxHost: "mx.example.net", offeredSTARTTLS: true, certificateProblem: .certificateHostMismatch)
        #expect(badCertificate == [.certificateInvalid(.certificateHostMismatch)])
        #expect(badCertificate.map(\.resultType) == [.certificateHostMismatch])
        #expect(findings.map(\.resultType) == [.validationFailure, .starttlsNotSupported])
        let testing = try MTASTSPolicy(parsing: "version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 1\n")
        #expect(testing.outcome(for: findings) == .warning(findings))
        let none = try MTASTSPolicy(parsing: "version: STSv1\nmode: none\nmax_age: 1\n")
        #expect(none.outcome(for: findings) == .pass)
    }
}
