import NIOCore
import Testing

@testable import SMTPTransport

/// The HAProxy PROXY header, byte for byte as haproxy.org's proxy-protocol.txt defines it.
@Suite struct ProxyHeaderTests {
    let local = try! SocketAddress(ipAddress: "127.0.0.1", port: 40_000)
    let remote = try! SocketAddress(ipAddress: "127.0.0.1", port: 2527)

    @Test func versionOneIsOneTextLineOfTheRealOrClaimedAddresses() throws {
        #expect(
            ProxyHeader(version: .v1).bytes(local: local, remote: remote) == Array("PROXY TCP4 127.0.0.1 127.0.0.1 40000 2527\r\n".utf8))
        let claimed = ProxyHeader(
            version: .v1, source: try SocketAddress(ipAddress: "2001:db8::7", port: 1234),
            destination: try SocketAddress(ipAddress: "2001:db8::25", port: 25))
        #expect(claimed.bytes(local: local, remote: remote) == Array("PROXY TCP6 2001:db8::7 2001:db8::25 1234 25\r\n".utf8))
        // Families that differ cannot be said in one header.
        let mixed = ProxyHeader(version: .v1, source: try SocketAddress(ipAddress: "2001:db8::7", port: 1))
        #expect(mixed.bytes(local: local, remote: remote) == Array("PROXY UNKNOWN\r\n".utf8))
    }

    @Test func versionTwoIsTheSignatureAndTheAddressBlockAndTheTLVs() throws {
        let header = ProxyHeader(
            version: .v2, source: try SocketAddress(ipAddress: "203.0.113.9", port: 0x9C40),
            tlvs: [ProxyHeader.TLV(type: 0x02, value: Array("mx".utf8))])
        let bytes = header.bytes(local: local, remote: remote)
        #expect(Array(bytes.prefix(12)) == [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A])
        #expect(bytes[12] == 0x21 && bytes[13] == 0x11, "version 2, PROXY; TCP over IPv4")
        #expect(Array(bytes[14..<16]) == [0x00, 12 + 5], "the length of what follows")
        #expect(Array(bytes[16..<28]) == [203, 0, 113, 9, 127, 0, 0, 1, 0x9C, 0x40, 0x09, 0xDF])
        #expect(Array(bytes[28...]) == [0x02, 0x00, 0x02, 0x6D, 0x78])
        #expect(
            header.summary(local: local, remote: remote) == "PROXY header sent (v2): 203.0.113.9:40000 → 127.0.0.1:2527, 1 TLV, 33 bytes")
    }

    @Test func tlvsAreNamedOrNumberedWithTextOrEscapedBytes() throws {
        #expect(try ProxyHeader.TLV.parse("AUTHORITY=mx.example").get() == .init(type: 0x02, value: Array("mx.example".utf8)))
        #expect(try ProxyHeader.TLV.parse("0xE0=a\\x00b").get() == .init(type: 0xE0, value: [0x61, 0x00, 0x62]))
        #expect(try ProxyHeader.TLV.parse("224=").get() == .init(type: 0xE0, value: []))
        for bad in ["AUTHORITY", "BOGUS=x", "300=x"] {
            #expect(throws: ProxyHeaderError.self) { try ProxyHeader.TLV.parse(bad).get() }
        }
    }
}
