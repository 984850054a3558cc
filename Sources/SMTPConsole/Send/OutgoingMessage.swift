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
            var (size, headerLines) = (outline.size, outline.headerLines)
            if let dkim {
                let signed = try sign(path, with: dkim, now: now)
                size = signed.size
                headerLines = signed.field + headerLines
            }
            return OutgoingMessage(
                path: path, size: size, needsEightBitMIME: outline.needsEightBitMIME, headerLines: headerLines,
                treeLines: outline.treeLines, messageID: outline.messageID, temporary: true)
        case .file(let given):
            let inspected = try inspect(file: given)
            guard let dkim else {
                return OutgoingMessage(
                    path: given, size: inspected.size, needsEightBitMIME: inspected.eightBit, headerLines: [], treeLines: [],
                    messageID: nil, temporary: false)
            }
            let (fd, path) = try temporaryFile()
            // Line ends made CRLF as the file is copied (what /send would send), then signed.
            var previous: UInt8 = 0
            var failure: Int32?
            do {
                try forEachBlock(of: given) { block in
                    guard failure == nil else { return }
                    failure = writeAll(fd, crlf(block, after: previous))
                    previous = block.last ?? previous
                }
            } catch {
                close(fd)
                unlink(path)
                throw .file(path: given, reason: error.description)
            }
            close(fd)
            if let failure {
                unlink(path)
                throw .file(path: path, reason: String(cString: strerror(failure)))
            }
            let signed = try sign(path, with: dkim, now: now)
            return OutgoingMessage(
                path: path, size: signed.size, needsEightBitMIME: inspected.eightBit, headerLines: [], treeLines: [], messageID: nil,
                temporary: true)
        }
    }

    /// Removes the temporary file, if the message is in one.
    func remove() {
        if temporary { unlink(path) }
    }

    // MARK: Pieces

    /// Puts a DKIM-Signature field on top of the message in the file at `path`: the message's
    /// new size, and the field's lines (without CRLF).
    /// The body is hashed as it is read, in blocks, and the file copied behind the field: the
    /// message is never held whole.
    private static func sign(
        _ path: String, with dkim: SendRequest.DKIM, now: Int64
    ) throws(SendError) -> (size: Int, field: [String]) {
        let key: DKIMPrivateKey
        do { key = try DKIMPrivateKey(contentsOfFile: dkim.keyFile) } catch { throw .dkimKey(error) }
        let signer: DKIMSigner
        do {
            signer = try DKIMSigner(
                key: key, domain: dkim.domain, selector: dkim.selector, headers: dkim.headers ?? DKIMSigner.defaultHeaders,
                timestamp: UInt64(max(0, now)))
        } catch {
            throw .dkimSigning(error)
        }
        var header: [UInt8] = []
        var inHeader = true
        var body = signer.bodyHasher()
        do {
            try forEachBlock(of: path) { block in
                guard inHeader else { return body.update(block) }
                header += block
                guard let end = header.firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A])?.upperBound else { return }
                body.update(header[end...])
                header.removeSubrange(end...)
                inHeader = false
            }
        } catch {
            throw .file(path: path, reason: error.description)
        }
        let field: [UInt8]
        do { field = Array(try signer.signature(headers: header, bodyHash: body.finalize()).utf8) } catch {
            throw .dkimSigning(error)
        }
        let (fd, signed) = try temporaryFile()
        defer { close(fd) }
        var failure = writeAll(fd, field)
        var size = field.count
        do {
            try forEachBlock(of: path) { block in
                guard failure == nil else { return }
                failure = writeAll(fd, block)
                size += block.count
            }
        } catch {
            unlink(signed)
            throw .file(path: path, reason: error.description)
        }
        guard failure == nil, rename(signed, path) == 0 else {
            let reason = String(cString: strerror(failure ?? errno))
            unlink(signed)
            throw .file(path: signed, reason: reason)
        }
        let lines = String(decoding: field, as: UTF8.self).split(separator: "\r\n").map(String.init)
        return (size, lines)
    }

    /// `bytes` with every line ending in CRLF (a bare LF made CRLF); `previous`: the byte
    /// before them, when they continue a file read in blocks.
    static func crlf(_ bytes: some Collection<UInt8>, after previous: UInt8 = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        var previous = previous
        for byte in bytes {
            if byte == 0x0A, previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            previous = byte
        }
        return out
    }

    /// A new file for the message in `$TMPDIR` (or /tmp), this user's only: its descriptor and path.
    private static func temporaryFile() throws(SendError) -> (Int32, String) {
        switch makeTemporaryFile(prefix: "smtpc-send") {
        case .success(let file): return file
        case .failure(let error): throw .file(path: error.path, reason: String(cString: strerror(error.code)))
        }
    }
}
