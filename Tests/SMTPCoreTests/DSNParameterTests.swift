import Testing

@testable import SMTPCore

/// NOTIFY, RET, ENVID and ORCPT as a user gives them (RFC 3461, RFC 6533).
@Suite struct DSNParameterTests {
    @Test func notifyReadsWhatUsersType() throws {
        #expect(try DSNNotify(parsing: "success,failure").parameterValue == "SUCCESS,FAILURE")
        #expect(try DSNNotify(parsing: "Delay, Success ").parameterValue == "SUCCESS,DELAY")
        #expect(try DSNNotify(parsing: "FAILURE,DELAY,SUCCESS").conditions == [.success, .failure, .delay])
        #expect(try DSNNotify(parsing: "never") == .never)
        #expect(DSNNotify.never.parameterValue == "NEVER")
        #expect(DSNNotify(conditions: [.delay, .failure]).parameterValue == "FAILURE,DELAY")
    }

    @Test func notifyErrors() {
        #expect(throws: DSNError.notifyNeverWithOthers) { try DSNNotify(parsing: "never,success") }
        #expect(throws: DSNError.notifyUnknown("SUCESS")) { try DSNNotify(parsing: "sucess") }
        #expect(throws: DSNError.notifyRepeated(.failure)) { try DSNNotify(parsing: "failure,FAILURE") }
        #expect(throws: DSNError.notifyEmpty) { try DSNNotify(parsing: "") }
        #expect(throws: DSNError.notifyEmpty) { try DSNNotify(parsing: "success,,delay") }
        #expect(DSNError.notifyNeverWithOthers.description == "NOTIFY: NEVER cannot be combined with other conditions (RFC 3461 §4.1).")
        #expect(DSNError.notifyUnknown("SUCESS").description == "NOTIFY: “SUCESS” is not SUCCESS, FAILURE, DELAY or NEVER.")
    }

    @Test func ret() throws {
        #expect(try DSNReturn(parsing: "full") == .full)
        #expect(try DSNReturn(parsing: "HDRS") == .headers)
        #expect(DSNReturn.headers.rawValue == "HDRS")
        #expect(throws: DSNError.returnUnknown("headers")) { try DSNReturn(parsing: "headers") }
        #expect(DSNError.returnUnknown("x").description == "RET: “x” is not FULL or HDRS.")
    }

    @Test func envelopeID() throws {
        #expect(try EnvelopeID("run 42+a=b").parameterValue == "run+2042+2Ba+3Db")
        #expect(try EnvelopeID(String(repeating: "x", count: 100)).parameterValue.count == 100)
        #expect(throws: DSNError.self) { try EnvelopeID(String(repeating: "x", count: 101)) }
        // 34 characters become 102 once encoded.
        #expect(throws: DSNError.self) { try EnvelopeID(String(repeating: "+", count: 34)) }
        #expect(throws: DSNError.invalidEnvelopeID("", reason: "it is empty")) { try EnvelopeID("") }
        #expect(throws: DSNError.invalidEnvelopeID("ü", reason: "only printable ASCII characters are allowed")) {
            try EnvelopeID("ü")
        }
        #expect(throws: DSNError.self) { try EnvelopeID("a\r\nRSET") }
    }

    @Test func originalRecipient() throws {
        #expect(try OriginalRecipient(parsing: "bob+tag@example.org").parameterValue == "rfc822;bob+2Btag@example.org")
        #expect(try OriginalRecipient(parsing: "RFC822;bob@example.org").parameterValue == "rfc822;bob@example.org")
        #expect(try OriginalRecipient(parsing: "rfc822;bob@example.org").address == "bob@example.org")
        #expect(try OriginalRecipient(parsing: "josé@example.org").parameterValue == "utf-8;jos\\x{E9}@example.org")
        #expect(try OriginalRecipient(parsing: "utf-8;josé@example.org").parameterValue == "utf-8;jos\\x{E9}@example.org")
        // An ASCII address given as utf-8 is sent as rfc822, the type for ASCII addresses.
        #expect(try OriginalRecipient(parsing: "utf-8;bob@example.org").parameterValue == "rfc822;bob@example.org")
    }

    @Test func originalRecipientErrors() {
        #expect(throws: DSNError.invalidOriginalRecipient("rfc822;", reason: "the address is empty")) {
            try OriginalRecipient(parsing: "rfc822;")
        }
        #expect(
            throws: DSNError.invalidOriginalRecipient(
                "rfc822;josé@x", reason: "a non-ASCII address is of type utf-8, not rfc822 (RFC 6533)")
        ) { try OriginalRecipient(parsing: "rfc822;josé@x") }
        #expect(throws: DSNError.self) { try OriginalRecipient(parsing: "a@b\r\nRSET") }
        #expect(throws: DSNError.self) { try OriginalRecipient(parsing: String(repeating: "=", count: 164) + "@x") }
        #expect(
            DSNError.invalidOriginalRecipient("x", reason: "the address is empty").description
                == "ORCPT “x”: the address is empty.")
    }
}
