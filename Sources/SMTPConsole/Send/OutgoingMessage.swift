import Glibc
import SMTPCore
import SMTPDKIM
import SMTPMessage
import SystemIO

/// The message as it goes out: a file `/send` or `/bdat` streams (a temporary one for a
/// built or signed message, removed by ``remove()``), and what the envelope needs from it.
/// A built message is written to its file as it is encoded, its attachments read in blocks:
/// never held whole.
struct OutgoingMessage {
    let path: String
    let size: Int
    /// The message has bytes over 127 (BODY=8BITMIME).
    let needsEightBitMIME: Bool
    /// What `/compose` shows: the header lines and the MIME tree (empty for a file sent unchanged).
    let headerLines: [String]
    let treeLines: [String]
    let messageID: String?
    private let temporary: Bool

    /// What the envelope must know of a message file, read in blocks: whether a header line
    /// holds bytes over 127 (raw UTF-8: SMTPUTF8 is needed), whether any line does, its size.
    static func inspect(file path: String) throws(SendError) -> (headerText: MailEnvelope.HeaderText, eightBit: Bool, size: Int) {
        var inHeader = true
        var lineLength = 0
        var headerEightBit = false
        var eightBit = false
        var size = 0
        do {
            try forEachBlock(of: path) { block in
                size += block.count
                for byte in block {
                    if byte > 127 {
                        eightBit = true
                        if inHeader { headerEightBit = true }
                    }
                    if byte == 0x0A {
                        if lineLength == 0 { inHeader = false }
                        lineLength = 0
                    } else if byte != 0x0D {
                        lineLength += 1
                    }
                }
            }
        } catch {
            throw .file(path: path, reason: error.description)
        }
        return (headerEightBit ? .needsUTF8 : .ascii, eightBit, size)
    }

    /// Makes the message to send: `message` built (with `smtputf8`, `eightBitMIME` and the
    /// Message-ID's `domain`) or the file as given, signed when `dkim` asks.
    static func make(
        _ message: SendRequest.Message, smtputf8: Bool, eightBitMIME: Bool, domain: String, dkim: SendRequest.DKIM?,
        now: Int64
    ) throws(SendError) -> OutgoingMessage {
        switch message {
        case .build(var spec):
            spec.smtputf8 = smtputf8
            spec.eightBitMIME = eightBitMIME
            if spec.messageIDDomain.isEmpty { spec.messageIDDomain = domain }
            let prepared: SMTPMessage.PreparedMessage
            do { prepared = try MessageBuilder.prepare(spec) } catch { throw .message(error) }
            let (fd, path) = try temporaryFile()
            defer { close(fd) }
            do { try prepared.write(toDescriptor: fd, name: path) } catch {
                unlink(path)
                throw .message(error)
            }
            let outline = prepared.outline
            var size = outline.size
            if let dkim { size = try sign(path, with: dkim, now: now) }
            return OutgoingMessage(
                path: path, size: size, needsEightBitMIME: outline.needsEightBitMIME, headerLines: outline.headerLines,
                treeLines: outline.treeLines, messageID: outline.messageID, temporary: true)
        case .file(let given):
            let inspected = try inspect(file: given)
            guard let dkim else {
                return OutgoingMessage(
                    path: given, size: inspected.size, needsEightBitMIME: inspected.eightBit, headerLines: [], treeLines: [],
                    messageID: nil, temporary: false)
            }
            let (fd, path) = try temporaryFile()
            close(fd)
            try rewrite(path, with: crlf(try read(given)))
            let size = try sign(path, with: dkim, now: now)
            return OutgoingMessage(
                path: path, size: size, needsEightBitMIME: inspected.eightBit, headerLines: [], treeLines: [], messageID: nil,
                temporary: true)
        }
    }

    /// Removes the temporary file, if the message is in one.
    func remove() {
        if temporary { unlink(path) }
    }

    // MARK: Pieces

    /// Puts a DKIM-Signature field on top of the message in the file at `path`; its new size.
    private static func sign(_ path: String, with dkim: SendRequest.DKIM, now: Int64) throws(SendError) -> Int {
        let key: DKIMPrivateKey
        do { key = try DKIMPrivateKey(contentsOfFile: dkim.keyFile) } catch { throw .dkimKey(error) }
        let signed: [UInt8]
        do {
            let signer = try DKIMSigner(
                key: key, domain: dkim.domain, selector: dkim.selector, headers: dkim.headers ?? DKIMSigner.defaultHeaders,
                timestamp: UInt64(max(0, now)))
            signed = try signer.signed(try read(path))
        } catch let error as DKIMSigningError {
            throw .dkimSigning(error)
        } catch {
            throw error as? SendError ?? .file(path: path, reason: "\(error)")
        }
        try rewrite(path, with: signed)
        return signed.count
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

    private static func rewrite(_ path: String, with bytes: [UInt8]) throws(SendError) {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw .file(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let error = writeAll(fd, bytes) { throw .file(path: path, reason: String(cString: strerror(error))) }
    }

    /// A new file in `$TMPDIR` (or /tmp), readable by this user only: its descriptor and path.
    private static func temporaryFile() throws(SendError) -> (Int32, String) {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/smtpc-send.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw .file(path: path, reason: String(cString: strerror(errno))) }
        return (fd, path)
    }
}
