import Testing

@testable import SMTPCheck

/// The `_smtp._tls` TXT record (RFC 8460 §3).
@Suite("TLS-RPT record")
struct TLSRPTRecordTests {
    @Test func destinationsInOrder() throws {
        let record = try TLSRPTRecord(selectingFrom: [
            "v=spf1 -all", "v=TLSRPTv1; rua=mailto:tls@example.com , HTTPS://reports.example.com/v1?a=1%3Bb=2;",
        ])
        #expect(record.rua == [.mail("tls@example.com"), .https("https://reports.example.com/v1?a=1;b=2")])
        let escaped = try TLSRPTRecord(selectingFrom: ["v=TLSRPTv1;rua=mailto:a%2cb@example.com?subject=x%20y;ext=1"])
        #expect(escaped.rua == [.mail("a,b@example.com")])
    }

    @Test func whatIsWrongIsNamed() {
        #expect(throws: TXTRecordProblem.noRecord) { try TLSRPTRecord(selectingFrom: ["v=STSv1; id=1"]) }
        #expect(throws: TXTRecordProblem.severalRecords(2)) {
            try TLSRPTRecord(selectingFrom: ["v=TLSRPTv1; rua=mailto:a@b", "v=TLSRPTv1; rua=mailto:c@d"])
        }
        #expect(throws: TXTRecordProblem.missingField("rua")) { try TLSRPTRecord(selectingFrom: ["v=TLSRPTv1; x=1"]) }
        for uri in ["http://x/y", "mailto:nobody", "mailto:@b", "https:x", "https:///path", "", "mailto:a b@c"] {
            #expect(throws: TXTRecordProblem.invalidValue(field: "rua", value: uri)) {
                try TLSRPTRecord(selectingFrom: ["v=TLSRPTv1; rua=mailto:ok@example.com," + uri])
            }
        }
        #expect(throws: TXTRecordProblem.duplicateField("rua")) {
            try TLSRPTRecord(selectingFrom: ["v=TLSRPTv1; rua=mailto:a@b; rua=mailto:c@d"])
        }
    }
}
