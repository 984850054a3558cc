import NIOCore

/// Reads the cipher suite from the server's ServerHello as it passes, without changing a byte.
///
/// NIOSSL has no public accessor for the negotiated cipher, but the ServerHello travels
/// in the clear in every TLS version (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3), so this handler
/// sits in front of the TLS handler and looks. It stops looking once it has the answer,
/// sees anything else, or has seen `limit` bytes: memory stays bounded.
final class ServerHelloSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let handshakeRecord: UInt8 = 22
    private static let serverHelloMessage: UInt8 = 2
    private static let limit = 20_000

    /// The two-byte cipher suite code, once seen.
    private(set) var cipherSuite: UInt16?
    /// Raw records not yet examined.
    private var records: [UInt8] = []
    /// Handshake-protocol bytes gathered from the records so far.
    private var handshake: [UInt8] = []
    private var done = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !done { observe(unwrapInboundIn(data).readableBytesView) }
        context.fireChannelRead(data)
    }

    /// Adds received bytes and looks for a complete ServerHello (callable without a channel, for tests).
    func observe<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        guard !done else { return }
        records.append(contentsOf: bytes)
        if records.count + handshake.count > Self.limit { return finish() }
        // Split off whole records: type(1) version(2) length(2) fragment.
        // The ServerHello may share a read with later records (ChangeCipherSpec, encrypted data).
        while !done && records.count >= 5 {
            let length = Int(records[3]) << 8 | Int(records[4])
            guard records.count >= 5 + length else { break }
            guard records[0] == Self.handshakeRecord else { return finish() }
            handshake.append(contentsOf: records[5..<(5 + length)])
            records.removeFirst(5 + length)
            parseServerHello()
        }
    }

    /// ServerHello: type(1) length(3) legacy_version(2) random(32) session_id<0..32> cipher_suite(2) ….
    private func parseServerHello() {
        guard handshake.count >= 4 else { return }
        guard handshake[0] == Self.serverHelloMessage else { return finish() }
        let bodyLength = Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3])
        guard handshake.count >= 4 + bodyLength else { return }
        let sessionIDAt = 4 + 2 + 32
        guard bodyLength >= 2 + 32 + 1 else { return finish() }
        let suiteAt = sessionIDAt + 1 + Int(handshake[sessionIDAt])
        if suiteAt + 2 <= 4 + bodyLength {
            cipherSuite = UInt16(handshake[suiteAt]) << 8 | UInt16(handshake[suiteAt + 1])
        }
        finish()
    }

    private func finish() {
        done = true
        records = []
        handshake = []
    }
}
