import Testing

@testable import SMTPServer

/// What the practice server says of the paths it is sent, read from their bytes.
@Suite struct AddressSyntaxTests {
    @Test(
        arguments: [
            ("a@example.org", nil),
            ("\u{E9}l\u{E8}ve@\u{E9}cole.example", nil),
            ("user@[192.0.2.1]", nil),
            ("\"two words\"@example.org", nil),
            ("two words@example.org", "it contains a space"),
            ("a\u{7}b@example.org", "it contains a control character"),
            ("no-domain", "it has no @domain"),
            ("@example.org", "the part before @ is empty"),
            ("a@", "the domain after @ is empty"),
            (String(repeating: "x", count: 65) + "@example.org", "the local part is longer than 64 octets (RFC 5321 §4.5.3.1.1)"),
            ("a@exa mple", "it contains a space"),
            ("a@bad!name.org", "'bad!name.org' is not a domain name"),
            ("a@double..dot", "'double..dot' is not a domain name"),
            ("a@b@example.org", nil),
        ] as [(String, String?)])
    func aMailboxsProblemIsNamed(mailbox: String, problem: String?) {
        #expect(AddressSyntax.problem(with: mailbox) == problem)
    }

    @Test func onlyAnAddressAtTheFailureDomainAsksForAFailure() {
        #expect(AddressTrigger(address: "550@fail.test")?.code == 550)
        #expect(AddressTrigger(address: "550@FAIL.Test")?.code == 550)
        #expect(AddressTrigger(address: "550@fail.test.example") == nil)
        #expect(AddressTrigger(address: "550@example.org") == nil)
        #expect(AddressTrigger(address: "999@fail.test") == nil)
    }
}
