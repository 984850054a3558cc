import NIOCore

/// Reads the cipher suite, the key-exchange group and whether the session was resumed
/// from the server's handshake as it passes, without changing a byte.
///
/// NIOSSL has no public accessor for any of these, but the ServerHello travels in the clear
/// in every TLS version (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3), so this handler sits in
/// front of the TLS handler and looks. In TLS 1.3 the ServerHello says it all (its
/// key_share names the group; a pre_shared_key means resumption). In TLS 1.2 it reads on:
/// a Certificate means a full handshake, a ChangeCipherSpec first means a resumed one, and
/// the ServerKeyExchange names the ECDHE curve. It stops looking once it knows, sees
/// anything else, or has seen `limit` bytes: memory stays bounded.
///
/// It also asks for prompt acknowledgements on every read, as ``PromptAcknowledgement``
/// does, from the same place in front of TLS. One handler instead of two: NIO asks the
/// runtime about each handler type added to a pipeline, and the first answer about a type
/// is a scan of every conformance record (docs/benchmarks.md, "The runtime's first
/// questions, fewer").
final class ServerHelloSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let handshakeRecord: UInt8 = 22
    private static let changeCipherSpecRecord: UInt8 = 20
    private static let serverHelloMessage: UInt8 = 2
    private static let certificateMessage: UInt8 = 11
    private static let serverKeyExchangeMessage: UInt8 = 12
    private static let limit = 65_536

    /// The two-byte cipher suite code, once seen.
    private(set) var cipherSuite: UInt16?
    /// The named group of the key exchange (IANA TLS Supported Groups), once seen.
    private(set) var group: UInt16?
    /// Whether the server resumed an earlier session, once known.
    private(set) var resumed: Bool?
    /// Raw records not yet examined.
    private var records: [UInt8] = []
    /// Handshake-protocol bytes gathered from the records and not yet read.
    private var handshake: [UInt8] = []
    private var seenServerHello = false
    private var seen = 0
    private var done = false
    /// Whether the channel takes `TCP_QUICKACK` (until a read finds that it does not).
    private var acknowledgesPromptly = true

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if acknowledgesPromptly { acknowledgesPromptly = PromptAcknowledgement.acknowledgePromptly(context) }
        // The bytes as an array: a `ByteBufferView` appended to an array made the runtime
        // build an iterator type by name, a scan of every conformance record.
        if !done {
            let buffer = unwrapInboundIn(data)
            observe(buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? [])
        }
        context.fireChannelRead(data)
    }

    /// Adds received bytes and reads what it can (callable without a channel, for tests).
    func observe<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        guard !done else { return }
        records.append(contentsOf: bytes)
        seen += bytes.count
        if seen > Self.limit { return finish() }
        // Split off whole records: type(1) version(2) length(2) fragment.
        // The ServerHello may share a read with later records (ChangeCipherSpec, encrypted data).
        while !done && records.count >= 5 {
            let length = Int(records[3]) << 8 | Int(records[4])
            guard records.count >= 5 + length else { break }
            let type = records[0]
            if type == Self.changeCipherSpecRecord && seenServerHello {
                // TLS 1.2: straight from ServerHello to ChangeCipherSpec is an abbreviated, resumed handshake.
                if resumed == nil { resumed = true }
                return finish()
            }
            guard type == Self.handshakeRecord else { return finish() }
            handshake.append(contentsOf: records[5..<(5 + length)])
            records.removeFirst(5 + length)
            readMessages()
        }
    }

    /// Reads every complete handshake message gathered so far.
    private func readMessages() {
        while !done && handshake.count >= 4 {
            let bodyLength = Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3])
            guard handshake.count >= 4 + bodyLength else { return }
            let type = handshake[0]
            let body = Array(handshake[4..<(4 + bodyLength)])
            handshake.removeFirst(4 + bodyLength)
            switch type {
            case Self.serverHelloMessage where !seenServerHello:
                seenServerHello = true
                readServerHello(body)
            case Self.certificateMessage where seenServerHello:
                resumed = false
            case Self.serverKeyExchangeMessage where seenServerHello:
                // ECDHE: curve_type(1) = named_curve (3), then the group (RFC 8422 §5.4).
                if body.count >= 3, body[0] == 3 { group = UInt16(body[1]) << 8 | UInt16(body[2]) }
                return finish()
            default:
                return finish()
            }
        }
    }

    /// ServerHello: legacy_version(2) random(32) session_id<0..32> cipher_suite(2)
    /// compression(1) extensions<0..2^16-1>.
    private func readServerHello(_ body: [UInt8]) {
        let sessionIDAt = 2 + 32
        guard body.count > sessionIDAt else { return finish() }
        let suiteAt = sessionIDAt + 1 + Int(body[sessionIDAt])
        guard suiteAt + 2 <= body.count else { return finish() }
        cipherSuite = UInt16(body[suiteAt]) << 8 | UInt16(body[suiteAt + 1])
        var at = suiteAt + 2 + 1 + 2
        guard at <= body.count else { return }
        var isTLS13 = false
        var presharedKey = false
        while at + 4 <= body.count {
            let type = Int(body[at]) << 8 | Int(body[at + 1])
            let length = Int(body[at + 2]) << 8 | Int(body[at + 3])
            let data = body[(at + 4)..<min(at + 4 + length, body.count)]
            switch type {
            case 43 where data.count == 2:  // supported_versions: the version chosen
                isTLS13 = data[data.startIndex] == 3 && data[data.startIndex + 1] == 4
            case 51 where data.count >= 2:  // key_share: the server's entry starts with its group
                group = UInt16(data[data.startIndex]) << 8 | UInt16(data[data.startIndex + 1])
            case 41:  // pre_shared_key: the server accepted a ticket
                presharedKey = true
            default: break
            }
            at += 4 + length
        }
        if isTLS13 {
            resumed = presharedKey
            finish()
        }
    }

    private func finish() {
        done = true
        records = []
        handshake = []
    }
}
