import TestSupport
import Testing

@testable import SMTPTransport

/// The DNS decoder fed hostile bytes: random packets and mutations of valid ones, with a fixed seed.
///
/// Each input must either parse or throw ``DNSFormatError``; a trap would end the test
/// run, and a loop would hang it. Parsed results are checked against the input's bounds.
@Suite("DNS decoder fuzzing")
struct MXFuzzTests {
    typealias P = MXTestPackets

    /// Valid responses to mutate: compressed MX answers, A/AAAA answers, a CNAME chain.
    private var seeds: [[UInt8]] {
        let mx =
            P.header(id: 0x4242, flags: P.responseFlags(), answers: 3) + P.question(P.name("smtpc.test"), type: 15)
            + P.record(owner: P.pointer(12), type: 15, data: P.mxData(10, [2, 0x6D, 0x78] + P.pointer(12)))
            + P.record(owner: P.pointer(12), type: 15, data: P.mxData(0, [0]))
            + P.record(owner: P.pointer(12), type: 15, data: P.mxData(5, P.name("down.smtpc.test")))
        let addresses =
            P.header(id: 1, flags: P.responseFlags(), answers: 3) + P.question(P.name("a.test"), type: 28)
            + P.record(owner: P.pointer(12), type: 5, data: P.name("b.test"))
            + P.record(owner: P.name("b.test"), type: 1, data: [127, 0, 0, 1])
            + P.record(owner: P.name("b.test"), type: 28, data: [UInt8](repeating: 0, count: 15) + [1])
        return [mx, addresses]
    }

    /// Parses `bytes`; on success, checks that nothing read is larger than the input allows.
    private func check(_ bytes: [UInt8]) {
        do {
            let response = try DNSMessageParser.parse(bytes)
            // Each question takes at least 5 bytes and each answer at least 11: counts are bounded by size.
            #expect(response.questions.count * 5 + response.answers.count * 11 <= max(0, bytes.count - 12))
            for name in response.questions.map(\.name) + response.answers.map(\.name) {
                #expect(name.labels.reduce(1) { $0 + $1.count + 1 } <= 255)
            }
            _ = response.records(of: .mx, for: response.questions.first?.name ?? .root)
        } catch {
            #expect(!error.reason.isEmpty)
        }
    }

    @Test("random bytes of random length never trap")
    func randomPackets() {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...600, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if bytes.count >= 12 {
                bytes[4] = 0
                bytes[5] = UInt8.random(in: 0...3, using: &generator)  // few questions, so that names get read
            }
            check(bytes)
        }
    }

    @Test("valid packets with bytes flipped, cut, inserted or turned into pointers never trap")
    func mutatedPackets() {
        var generator = SeededGenerator(seed: 0x5EED_0002)
        let seeds = self.seeds
        for seed in seeds { #expect((try? DNSMessageParser.parse(seed)) != nil) }
        for round in 0..<40_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                guard !bytes.isEmpty else { break }
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(index...)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                case 3: bytes[index] = 0xC0 | UInt8.random(in: 0...0x3F, using: &generator)
                default:
                    if index + 1 < bytes.count {
                        bytes[index] = 0xC0
                        bytes[index + 1] = UInt8.random(in: 0...UInt8(min(255, bytes.count)), using: &generator)
                    }
                }
            }
            check(bytes)
        }
    }

    @Test("the largest message is read in bounded time; a longer one is refused")
    func sizeBounds() {
        // 65,535 bytes of answers whose owners all point at the question: many records, each cheap.
        var bytes = P.header(id: 1, flags: P.responseFlags(), answers: 0xFFFF) + P.question(P.name("big.test"), type: 1)
        let record = P.record(owner: P.pointer(12), type: 1, data: [10, 0, 0, 1])
        while bytes.count + record.count <= DNSMessageParser.maximumMessageLength { bytes += record }
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes) }  // fewer records than announced
        #expect(throws: DNSFormatError.self) { try DNSMessageParser.parse(bytes + [UInt8](repeating: 0, count: 70_000)) }
    }
}
