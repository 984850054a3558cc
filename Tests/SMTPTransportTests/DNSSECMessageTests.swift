import Testing

@testable import SMTPTransport

/// The DNSSEC side of the DNS client: EDNS with DO, the AD and CD bits, TXT and TLSA data.
@Suite("DNS messages with DNSSEC")
struct DNSSECMessageTests {
    private typealias P = MXTestPackets

    @Test("a DNSSEC query sets RD and AD, and carries one OPT record with the DO bit and a 1232-byte payload")
    func dnssecQuery() throws {
        let name = try DNSName(parsing: "_25._tcp.mx.test")
        let query = DNSQueryEncoder.query(id: 0x1234, name: name, type: .tlsa, mode: .dnssec(checkingDisabled: false))
        let expected =
            P.u16(0x1234) + P.u16(0x0120) + P.u16(1) + P.u16(0) + P.u16(0) + P.u16(1)
            + P.question(P.name("_25._tcp.mx.test"), type: 52)
            + [0] + P.u16(41) + P.u16(1232) + [0, 0, 0x80, 0] + P.u16(0)
        #expect(query == expected)
    }

    @Test("with checking disabled the CD bit is set too; a plain query has neither AD, CD nor OPT")
    func checkingDisabledAndPlain() throws {
        let name = try DNSName(parsing: "mx.test")
        let unchecked = DNSQueryEncoder.query(id: 1, name: name, type: .a, mode: .dnssec(checkingDisabled: true))
        #expect(Array(unchecked[2..<4]) == P.u16(0x0130))
        let plain = DNSQueryEncoder.query(id: 1, name: name, type: .a)
        #expect(Array(plain[2..<4]) == P.u16(0x0100))
        #expect(Array(plain[10..<12]) == P.u16(0))
        #expect(plain.count == 12 + P.question(P.name("mx.test"), type: 1).count)
    }

    @Test("the AD bit of a response is read; a response without it is not authenticated")
    func authenticData() throws {
        let question = P.question(P.name("mx.test"), type: 1)
        let secure = try DNSMessageParser.parse(P.header(id: 7, flags: 0x81A0) + question)
        #expect(secure.isAuthenticData)
        let plain = try DNSMessageParser.parse(P.header(id: 7, flags: 0x8180) + question)
        #expect(!plain.isAuthenticData)
    }

    @Test("TXT data keeps each character-string; TLSA data is kept whole")
    func txtAndTLSA() throws {
        let owner = P.name("_mta-sts.example.test")
        let txt = P.record(owner: owner, type: 16, data: [5] + Array("v=STS".utf8) + [6] + Array("v1; id".utf8))
        let tlsaData: [UInt8] = [3, 1, 1] + Array(repeating: 0xAB, count: 32)
        let tlsa = P.record(owner: owner, type: 52, data: tlsaData)
        let bytes = P.header(id: 9, flags: 0x8180, answers: 2) + P.question(owner, type: 16) + txt + tlsa
        let response = try DNSMessageParser.parse(bytes)
        #expect(response.answers.map(\.data) == [.txt([Array("v=STS".utf8), Array("v1; id".utf8)]), .tlsa(tlsaData)])
    }

    @Test("a TXT string that runs past its record, and a TLSA record of two bytes, are refused")
    func malformedTXTAndTLSA() {
        let owner = P.name("x.test")
        let longString = P.record(owner: owner, type: 16, data: [9] + Array("short".utf8))
        let shortTLSA = P.record(owner: owner, type: 52, data: [3, 1])
        for record in [longString, shortTLSA] {
            let bytes = P.header(id: 9, flags: 0x8180, answers: 1) + P.question(owner, type: 16) + record
            #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes) }
        }
    }

    @Test("the weaker of two statuses: bogus over all, insecure over secure")
    func weakest() {
        #expect(DNSSECStatus.secure.weakest(.secure) == .secure)
        #expect(DNSSECStatus.secure.weakest(.insecure) == .insecure)
        #expect(DNSSECStatus.insecure.weakest(.bogus) == .bogus)
        #expect(DNSSECStatus.bogus.weakest(.secure) == .bogus)
    }
}
