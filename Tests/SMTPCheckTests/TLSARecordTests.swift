import Testing

@testable import SMTPCheck

/// TLSA records read from their presentation form and their RDATA (RFC 6698 §2).
@Suite("TLSA records")
struct TLSARecordTests {
    @Test func presentationAndRDATA() throws {
        let digest = String(repeating: "ab", count: 16) + String(repeating: "CD", count: 16)
        let record = try TLSARecord(presentation: "3 1 1 \(digest.prefix(20))\t\(digest.dropFirst(20))\n")
        #expect(record.usage == .daneEE && record.selector == .subjectPublicKeyInfo && record.matchingType == .sha256)
        #expect(record.data == Array(repeating: 0xAB, count: 16) + Array(repeating: 0xCD, count: 16))
        #expect(record.presentation == "3 1 1 " + digest.lowercased())
        #expect(try TLSARecord(rdata: [3, 1, 1] + record.data) == record)
        #expect(record.unusable == nil)
        let anchor = try TLSARecord(presentation: "2 0 0 0a0B")
        #expect(anchor.usage == .daneTA && anchor.selector == .fullCertificate && anchor.matchingType == .exact)
        #expect(anchor.data == [0x0A, 0x0B] && anchor.presentation == "2 0 0 0a0b")
    }

    @Test func malformedRecords() {
        #expect(throws: TLSARecordError.fieldCount(3)) { try TLSARecord(presentation: "3 1 1") }
        #expect(throws: TLSARecordError.invalidNumber("256")) { try TLSARecord(presentation: "256 1 1 00") }
        #expect(throws: TLSARecordError.invalidNumber("+3")) { try TLSARecord(presentation: "+3 1 1 00") }
        #expect(throws: TLSARecordError.invalidHex) { try TLSARecord(presentation: "3 1 1 abc") }
        #expect(throws: TLSARecordError.invalidHex) { try TLSARecord(presentation: "3 1 1 zz") }
        #expect(throws: TLSARecordError.tooShort(3)) { try TLSARecord(rdata: [3, 1, 1]) }
    }

    /// PKIX usages are unusable for SMTP (RFC 7672 §3.1.3); so are values no RFC assigns and
    /// digests of the wrong length.
    @Test func unusableRecords() throws {
        let digest = String(repeating: "00", count: 32)
        #expect(try TLSARecord(presentation: "0 0 1 " + digest).unusable == .pkixUsage)
        #expect(try TLSARecord(presentation: "1 1 1 " + digest).unusable == .pkixUsage)
        #expect(try TLSARecord(presentation: "4 1 1 " + digest).unusable == .unassignedUsage)
        #expect(try TLSARecord(presentation: "3 2 1 " + digest).unusable == .unassignedSelector)
        #expect(try TLSARecord(presentation: "3 1 3 " + digest).unusable == .unassignedMatchingType)
        #expect(try TLSARecord(presentation: "3 1 2 " + digest).unusable == .wrongDigestLength(expected: 64))
        #expect(try TLSARecord(presentation: "3 1 1 00").unusable == .wrongDigestLength(expected: 32))
        let unassigned = try TLSARecord(rdata: [9, 8, 7, 1])
        #expect(unassigned.usage == TLSARecord.Usage(rawValue: 9) && unassigned.presentation == "9 8 7 01")
    }
}
