import Testing

@testable import SMTPTransport

/// The DNS encoder and decoder against hand-built packets: compression, loops, truncation, bounds.
@Suite("DNS messages")
struct MXMessageTests {
    typealias P = MXTestPackets

    @Test("an MX query is the exact RFC 1035 bytes: ID, RD flag, one question, type 15 class 1")
    func queryBytes() throws {
        let query = DNSQueryEncoder.query(id: 0x1234, name: try DNSName(parsing: "smtpc.test"), type: .mx)
        #expect(
            query == [
                0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                5, 0x73, 0x6D, 0x74, 0x70, 0x63, 4, 0x74, 0x65, 0x73, 0x74, 0,
                0x00, 0x0F, 0x00, 0x01,
            ])
        let aaaa = DNSQueryEncoder.query(id: 1, name: try DNSName(parsing: "Mx.Test."), type: .aaaa)
        #expect(Array(aaaa[12...]) == P.name("Mx.Test") + [0x00, 28, 0x00, 0x01])
    }

    @Test("typed names: a trailing dot is dropped; empty labels, long labels and non-ASCII are refused")
    func parsingTypedNames() throws {
        #expect(try DNSName(parsing: "example.com.").description == "example.com")
        #expect(try DNSName(parsing: "EXAMPLE.com") == DNSName(parsing: "example.COM"))
        for bad in ["", ".", "a..b", ".a", String(repeating: "x", count: 64) + ".com", "bücher.de", "a b.com", "[127.0.0.1]"] {
            #expect(throws: DNSName.Invalid.self, "\(bad)") { try DNSName(parsing: bad) }
        }
        let long = Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: ".")
        #expect(throws: DNSName.Invalid.self) { try DNSName(parsing: long) }  // 4 × 64 + 1 = 257 bytes
    }

    /// A response for `smtpc.test MX` whose answers point back into the question (offset 12).
    private func compressedMXResponse() -> [UInt8] {
        P.header(id: 0xBEEF, flags: P.responseFlags(), answers: 2)
            + P.question(P.name("smtpc.test"), type: 15)
            + P.record(owner: P.pointer(12), type: 15, data: P.mxData(20, [3] + Array("mx2".utf8) + P.pointer(12)))
            + P.record(owner: P.pointer(12), type: 15, data: P.mxData(10, [2] + Array("mx".utf8) + P.pointer(12)))
    }

    @Test("compression pointers in owner names and in MX data are followed")
    func compressedNames() throws {
        let response = try DNSMessageParser.parse(compressedMXResponse())
        #expect(response.id == 0xBEEF)
        #expect(response.isResponse && !response.isTruncated)
        #expect(response.responseCode == .noError)
        let domain = try DNSName(parsing: "smtpc.test")
        #expect(response.questions == [DNSQuestion(name: domain, type: 15, recordClass: 1)])
        #expect(response.answers.map(\.name) == [domain, domain])
        #expect(response.answers.map(\.ttl) == [300, 300])
        #expect(
            response.answers.map(\.data) == [
                .mx(preference: 20, exchange: try DNSName(parsing: "mx2.smtpc.test")),
                .mx(preference: 10, exchange: try DNSName(parsing: "mx.smtpc.test")),
            ])
    }

    @Test("MX records come out by preference, ties in the server's order, each exchange once")
    func preferenceOrder() throws {
        let domain = P.name("d.test")
        let answers = [(20, "b"), (10, "z"), (20, "a"), (10, "y"), (30, "z")].map { preference, host in
            P.record(owner: P.pointer(12), type: 15, data: P.mxData(preference, P.name("\(host).d.test")))
        }
        let bytes = P.header(id: 1, flags: P.responseFlags(), answers: answers.count) + P.question(domain, type: 15) + answers.joined()
        let sorted = MXResolver.mailExchangers(in: try DNSMessageParser.parse(bytes), for: try DNSName(parsing: "d.test"))
        #expect(sorted.map { "\($0.preference) \($0.exchange)" } == ["10 z.d.test", "10 y.d.test", "20 b.d.test", "20 a.d.test"])
    }

    @Test("a pointer to itself is refused, not followed forever")
    func selfPointer() {
        let bytes = P.header(id: 1, flags: P.responseFlags()) + P.pointer(12) + P.u16(15) + P.u16(1)
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes) }
    }

    @Test("a loop through two names is refused: the answer's owner points at a name that points back")
    func twoNameLoop() {
        // Question name at 12: label "a", then a pointer to the answer's owner at 18; which points to 12.
        let question = [1, UInt8(ascii: "a")] + P.pointer(18) + P.u16(15) + P.u16(1)
        let bytes =
            P.header(id: 1, flags: P.responseFlags(), answers: 1) + question
            + P.record(owner: P.pointer(12), type: 1, data: [127, 0, 0, 1])
        #expect(bytes.count > 18)
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes) }
    }

    @Test("a pointer back into its own name is refused, though it points backwards from where it sits")
    func backwardLoop() {
        // 12: "a", 14: "b", 16: pointer to 14 — a rule of "point before yourself" would read b, b, b… forever.
        let bytes =
            P.header(id: 1, flags: P.responseFlags())
            + [1, UInt8(ascii: "a"), 1, UInt8(ascii: "b")] + P.pointer(14) + P.u16(15) + P.u16(1)
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes) }
    }

    @Test("every truncated prefix of a valid response is refused with a reason, never read past its end")
    func truncatedPackets() throws {
        let full = compressedMXResponse()
        #expect(try DNSMessageParser.parse(full).answers.count == 2)
        for length in 0..<full.count {
            #expect(throws: DNSFormatError.self, "prefix of \(length) bytes") {
                try DNSMessageParser.parse(Array(full.prefix(length)))
            }
        }
    }

    @Test("a name longer than 255 bytes, even when built from pointers, is refused")
    func overlongName() {
        let label = [63] + [UInt8](repeating: UInt8(ascii: "a"), count: 63)
        // 12: four 64-byte labels and the root = 257 bytes.
        let bytes = P.header(id: 1, flags: P.responseFlags()) + label + label + label + label + [0] + P.u16(1) + P.u16(1)
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes) }
        // Three labels (193 bytes) at 12, then an answer owner of two more labels pointing at them.
        let three = label + label + label + [0]
        let owner = label + label + P.pointer(12)
        let viaPointer =
            P.header(id: 1, flags: P.responseFlags(), answers: 1) + three + P.u16(1) + P.u16(1)
            + P.record(owner: owner, type: 1, data: [127, 0, 0, 1])
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(viaPointer) }
    }

    @Test("record data that contradicts its length or type is refused")
    func badRecordData() {
        let head = P.header(id: 1, flags: P.responseFlags(), answers: 1) + P.question(P.name("h.test"), type: 1)
        let shortA = head + P.record(owner: P.pointer(12), type: 1, data: [127, 0, 1])
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(shortA) }
        let longAAAA = head + P.record(owner: P.pointer(12), type: 28, data: [UInt8](repeating: 0, count: 17))
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(longAAAA) }
        // MX data claiming 4 bytes while its name takes 2 + 5.
        let mx = P.mxData(10, P.name("mx.a"))
        let lying = head + P.pointer(12) + P.u16(15) + P.u16(1) + [0, 0, 0, 1] + P.u16(4) + mx
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(lying) }
        let extendedLabel = head + [0x41, 0x00] + P.u16(1) + P.u16(1) + [0, 0, 0, 1] + P.u16(4) + [1, 2, 3, 4]
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(extendedLabel) }
    }

    @Test("A and AAAA data become numeric addresses; unknown types are skipped by their length")
    func addressRecords() throws {
        let v6: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1]
        let bytes =
            P.header(id: 7, flags: P.responseFlags(), answers: 3) + P.question(P.name("h.test"), type: 1)
            + P.record(owner: P.pointer(12), type: 99, data: [5] + Array("hello".utf8))  // SPF, not decoded
            + P.record(owner: P.pointer(12), type: 1, data: [192, 0, 2, 1])
            + P.record(owner: P.pointer(12), type: 28, data: v6)
        let response = try DNSMessageParser.parse(bytes)
        #expect(response.answers.map(\.data).first == .other)
        let name = try DNSName(parsing: "h.test")
        #expect(response.records(of: .a, for: name).compactMap { MXResolver.text(of: $0.data) } == ["192.0.2.1"])
        #expect(response.records(of: .aaaa, for: name).compactMap { MXResolver.text(of: $0.data) } == ["2001:db8::1"])
    }

    @Test("records are taken through the answer's CNAME chain, and records for other names are ignored")
    func cnameChain() throws {
        let bytes =
            P.header(id: 7, flags: P.responseFlags(), answers: 3) + P.question(P.name("alias.test"), type: 1)
            + P.record(owner: P.pointer(12), type: 5, data: P.name("real.test"))
            + P.record(owner: P.name("real.test"), type: 1, data: [192, 0, 2, 7])
            + P.record(owner: P.name("evil.test"), type: 1, data: [203, 0, 113, 9])
        let response = try DNSMessageParser.parse(bytes)
        let found = response.records(of: .a, for: try DNSName(parsing: "alias.test"))
        #expect(found.compactMap { MXResolver.text(of: $0.data) } == ["192.0.2.7"])
    }

    @Test("a truncated (TC) response keeps its header and question; its answers are not read")
    func truncatedFlag() throws {
        let bytes =
            P.header(id: 9, flags: P.responseFlags(truncated: true), answers: 5) + P.question(P.name("t.test"), type: 15)
            + [0xC0]  // an answer cut off mid-record, as a server may send
        let response = try DNSMessageParser.parse(bytes)
        #expect(response.isTruncated)
        #expect(response.answers.isEmpty)
        #expect(response.questions.count == 1)
    }

    @Test("response codes and the other header fields are read from their bits")
    func headerBits() throws {
        let bytes = P.header(id: 0xFFFF, flags: 0x8000 | (2 << 11) | 3) + P.question(P.name("n.test"), type: 15)
        let response = try DNSMessageParser.parse(bytes)
        #expect(response.id == 0xFFFF)
        #expect(response.opcode == 2)
        #expect(response.responseCode == .nameError)
        #expect(DNSResponseCode(value: 2).description.hasPrefix("SERVFAIL"))
    }

    @Test("names from answers are shown escaped, so hostile bytes cannot reach the terminal")
    func escapedDescription() {
        let name = DNSName(labels: [[UInt8(ascii: "a"), 0x1B, UInt8(ascii: ".")], Array("test".utf8)])
        #expect(name.description == "a\\027\\..test")
        #expect(DNSName.root.description == ".")
    }
}
