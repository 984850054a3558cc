import Testing

@testable import SMTPTransport

/// The cipher suite read from a ServerHello as it passes, however the bytes are cut.
@Suite("ServerHello sniffer")
struct ServerHelloSnifferTests {
    /// A ServerHello handshake message choosing `suite`, with a 32-byte session id (as TLS 1.3 servers echo).
    private func serverHello(suite: UInt16, extensions: [UInt8] = []) -> [UInt8] {
        var body: [UInt8] = [0x03, 0x03] + Array(repeating: 0xAB, count: 32)
        body += [32] + Array(repeating: 0x11, count: 32)
        body += [UInt8(suite >> 8), UInt8(suite & 0xFF), 0x00, UInt8(extensions.count >> 8), UInt8(extensions.count & 0xFF)]
        return message(2, body + extensions)
    }

    private func message(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        [type, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }

    /// A TLS 1.3 ServerHello's extensions: supported_versions 1.3, key_share for `group`, and pre_shared_key.
    private func tls13Extensions(group: UInt16, presharedKey: Bool) -> [UInt8] {
        var bytes: [UInt8] = [0, 43, 0, 2, 3, 4]
        bytes += [0, 51, 0, 36, UInt8(group >> 8), UInt8(group & 0xFF), 0, 32] + Array(repeating: 0x5A, count: 32)
        if presharedKey { bytes += [0, 41, 0, 2, 0, 0] }
        return bytes
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

    @Test("TLS 1.3: the group from key_share, resumption from pre_shared_key", arguments: [false, true])
    func tls13GroupAndResumption(presharedKey: Bool) {
        let sniffer = ServerHelloSniffer()
        let hello = record(22, serverHello(suite: 0x1301, extensions: tls13Extensions(group: 0x001D, presharedKey: presharedKey)))
        // The ServerHello, then the compatibility ChangeCipherSpec and encrypted records.
        for byte in hello + record(20, [1]) + record(23, [0x17, 0x42]) { sniffer.observe([byte]) }
        #expect(sniffer.group == 0x001D)
        #expect(TLSGroupNames.name(of: 0x001D) == "x25519")
        #expect(sniffer.resumed == presharedKey)
    }

    @Test("TLS 1.2: a Certificate means a full handshake; the ServerKeyExchange names the curve")
    func tls12FullHandshake() {
        let sniffer = ServerHelloSniffer()
        let flight =
            serverHello(suite: 0xC02B) + message(11, [0, 0, 3, 0, 0, 0])
            + message(12, [3, 0, 23, 65] + Array(repeating: 4, count: 65)) + message(14, [])
        sniffer.observe(record(22, Array(flight[..<50])) + record(22, Array(flight[50...])))
        #expect(sniffer.cipherSuite == 0xC02B)
        #expect(sniffer.resumed == false)
        #expect(sniffer.group == 23)
        #expect(TLSGroupNames.name(of: 23) == "secp256r1")
    }

    @Test("TLS 1.2: straight from ServerHello to ChangeCipherSpec is a resumed session")
    func tls12Resumed() {
        let sniffer = ServerHelloSniffer()
        sniffer.observe(record(22, serverHello(suite: 0xC02F)) + record(20, [1]) + record(22, [0x99, 0x99]))
        #expect(sniffer.resumed == true)
        #expect(sniffer.group == nil, "a resumed TLS 1.2 session makes no new key exchange")
    }

    @Test("an unknown suite is shown as hex")
    func unknownSuiteName() {
        #expect(CipherSuiteNames.name(of: 0x00FF) == "0x00FF")
    }
}
