import Glibc
import SMTPCore
import SMTPDKIM
import SMTPMessage
import SystemIO

/// The message as it goes out: a file `/send` or `/bdat` streams (a temporary one for a
/// built or signed message, removed by ``remove()``), and what the envelope needs from it.
struct PreparedMessage {
    let path: String
    let size: Int
    /// The message has bytes over 127 outside its header (BODY=8BITMIME).
    let needsEightBitMIME: Bool
    /// What `/compose` shows: the header lines and the MIME tree (empty for a file sent unchanged).
    let headerLines: [String]
    let treeLines: [String]
    let messageID: String?
    private let temporary: Bool

    /// The file's lines of header and body as an envelope sees them: whether a header
    /// line holds bytes over 127 (raw UTF-8: SMTPUTF8 is needed), and the body does.
    static func inspect(file path: String) throws(SendError) -> (headerText: MailEnvelope.HeaderText, eightBit: Bool) {
        let bytes = try read(path)
        let end = headerEnd(of: bytes)
        let headerEightBit = bytes[..<end].contains { $0 > 127 }
        let bodyEightBit = bytes[end...].contains { $0 > 127 }
        return (headerEightBit ? .needsUTF8 : .ascii, bodyEightBit || headerEightBit)
    }

    /// Makes the message to send: `message` built (with `smtputf8`, `eightBitMIME` and the
    /// Message-ID's `domain`) or the file as given, signed when `dkim` asks.
    static func make(
        _ message: SendRequest.Message, smtputf8: Bool, eightBitMIME: Bool, domain: String, dkim: SendRequest.DKIM?,
        now: Int64
    ) throws(SendError) -> PreparedMessage {
        var bytes: [UInt8]
        var built: BuiltMessage?
        switch message {
        case .build(var spec):
            spec.smtputf8 = smtputf8
            spec.eightBitMIME = eightBitMIME
            if spec.messageIDDomain.isEmpty { spec.messageIDDomain = domain }
            do { built = try MessageBuilder.build(spec) } catch { throw .message(error) }
            bytes = built?.bytes ?? []
        case .file(let path):
            guard dkim != nil else {
                let inspected = try inspect(file: path)
                return PreparedMessage(
                    path: path, size: try size(of: path), needsEightBitMIME: inspected.eightBit, headerLines: [],
                    treeLines: [], messageID: nil, temporary: false)
            }
            bytes = crlf(try read(path))
        }
        if let dkim { bytes = try sign(bytes, with: dkim, now: now) }
        let path = try writeTemporary(bytes)
        return PreparedMessage(
            path: path, size: bytes.count, needsEightBitMIME: built?.needsEightBitMIME ?? bytes.contains { $0 > 127 },
            headerLines: built?.headerLines ?? [], treeLines: built?.treeLines ?? [], messageID: built?.messageID,
            temporary: true)
    }

    /// Removes the temporary file, if the message is in one.
    func remove() {
        if temporary { unlink(path) }
    }

    // MARK: Pieces

    private static func sign(_ bytes: [UInt8], with dkim: SendRequest.DKIM, now: Int64) throws(SendError) -> [UInt8] {
        let key: DKIMPrivateKey
        do { key = try DKIMPrivateKey(contentsOfFile: dkim.keyFile) } catch { throw .dkimKey(error) }
        do {
            let signer = try DKIMSigner(
                key: key, domain: dkim.domain, selector: dkim.selector, headers: dkim.headers ?? DKIMSigner.defaultHeaders,
                timestamp: UInt64(max(0, now)))
            return try signer.signed(bytes)
        } catch {
            throw .dkimSigning(error)
        }
    }

    /// Where the header ends: the index just past the empty line (or the end).
    private static func headerEnd(of bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[index..<end]
            if line.isEmpty || line == [0x0D] { return min(end + 1, bytes.count) }
            index = end + 1
        }
        return bytes.count
    }

    /// `bytes` with every line ending in CRLF (a bare LF made CRLF).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A, previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            previous = byte
        }
        return out
    }

    private static func read(_ path: String) throws(SendError) -> [UInt8] {
        do { return try readFile(path) } catch { throw .file(path: path, reason: error.description) }
    }

    private static func size(of path: String) throws(SendError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .file(path: path, reason: String(cString: strerror(errno))) }
        return Int(info.st_size)
    }

    /// Writes `bytes` to a new file in `$TMPDIR` (or /tmp), readable by this user only.
    private static func writeTemporary(_ bytes: [UInt8]) throws(SendError) -> String {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/smtpc-send.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw .file(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let error = writeAll(fd, bytes) {
            unlink(path)
            throw .file(path: path, reason: String(cString: strerror(error)))
        }
        return path
    }
}
