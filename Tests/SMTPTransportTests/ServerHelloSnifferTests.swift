import Testing

@testable import SMTPTransport

/// The cipher suite read from a ServerHello as it passes, however the bytes are cut.
@Suite("ServerHello sniffer")
struct ServerHelloSnifferTests {
    /// A ServerHello handshake message choosing `suite`, with a 32-byte session id (as TLS 1.3 servers echo).
    private func serverHello(suite: UInt16) -> [UInt8] {
        var body: [UInt8] = [0x03, 0x03] + Array(repeating: 0xAB, count: 32)
        body += [32] + Array(repeating: 0x11, count: 32)
        body += [UInt8(suite >> 8), UInt8(suite & 0xFF), 0x00, 0x00, 0x00]
        let length = body.count
        return [0x02, 0, UInt8(length >> 8), UInt8(length & 0xFF)] + body
    }

    private func record(_ type: UInt8, _ fragment: [UInt8]) -> [UInt8] {
        [type, 0x03, 0x03, UInt8(fragment.count >> 8), UInt8(fragment.count & 0xFF)] + fragment
    }

    @Test("read byte by byte, the suite is found")
    func byteByByte() {
        let sniffer = ServerHelloSniffer()
        for byte in record(22, serverHello(suite: 0x1302)) { sniffer.observe([byte]) }
        #expect(sniffer.cipherSuite == 0x1302)
        #expect(CipherSuiteNames.name(of: sniffer.cipherSuite!) == "TLS_AES_256_GCM_SHA384")
    }

    @Test("a ServerHello fragmented over two records is reassembled")
    func fragmentedOverRecords() {
        let hello = serverHello(suite: 0xC02F)
        let sniffer = ServerHelloSniffer()
        sniffer.observe(record(22, Array(hello[..<40])) + record(22, Array(hello[40...])))
        #expect(sniffer.cipherSuite == 0xC02F)
        #expect(CipherSuiteNames.name(of: 0xC02F) == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
    }

    @Test("an alert instead of a handshake gives up without a suite")
    func alertFirst() {
        let sniffer = ServerHelloSniffer()
        sniffer.observe(record(21, [2, 40]) + record(22, serverHello(suite: 0x1301)))
        #expect(sniffer.cipherSuite == nil)
    }

    @Test("an unknown suite is shown as hex")
    func unknownSuiteName() {
        #expect(CipherSuiteNames.name(of: 0x00FF) == "0x00FF")
    }
}
