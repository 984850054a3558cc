import SMTPCore

/// How a part's content is written in the message (RFC 2045 §6).
public enum TransferEncoding: String, Sendable, Hashable {
    /// ASCII lines of at most 998 octets, as they are.
    case sevenBit = "7bit"
    /// UTF-8 lines of at most 998 octets, as they are: only with 8BITMIME (or SMTPUTF8).
    case eightBit = "8bit"
    /// Mostly ASCII text with the rest escaped as `=XX`, lines of at most 76.
    case quotedPrintable = "quoted-printable"
    /// Anything, as base64 lines of 76.
    case base64
}

/// A part's content in its wire form: lines ending in CRLF except the last, whose CRLF the
/// next boundary (or the message's end) supplies.
struct EncodedBody {
    let encoding: TransferEncoding
    let bytes: [UInt8]
    /// Octets of content before encoding.
    let size: Int

    /// The longest line RFC 5321 §4.5.3.1.6 and RFC 5322 §2.1.1 allow, without its CRLF.
    static let lineLimit = MessageBodyEncoder.lineLimit

    /// A text body (text/plain, text/html). Its line breaks, LF or CRLF, become CRLF, as text
    /// is sent in canonical form. 7bit when it is ASCII with short lines; 8bit when
    /// `eightBit` allows and the lines are short; otherwise quoted-printable, or base64 when
    /// more than a sixth of the bytes would be escaped (base64 is then the shorter).
    static func text(_ text: String, eightBit: Bool) -> EncodedBody {
        let (ended, rest) = LineSplitter.split(Array(text.utf8)[...])
        let lines = rest.isEmpty ? ended : ended + [rest]
        let canonical = Array(ended.map { Array($0) + [0x0D, 0x0A] }.joined()) + rest
        let sendable = lines.allSatisfy { $0.count <= lineLimit && !$0.contains(0x00) && !$0.contains(0x0D) }
        if sendable && canonical.allSatisfy({ $0 < 0x80 }) {
            return EncodedBody(encoding: .sevenBit, bytes: canonical, size: canonical.count)
        }
        if sendable && eightBit { return EncodedBody(encoding: .eightBit, bytes: canonical, size: canonical.count) }
        let escaped = canonical.filter { !QuotedPrintable.isLiteral($0) && $0 != 0x0D && $0 != 0x0A }.count
        if escaped * 6 > canonical.count {
            return EncodedBody(encoding: .base64, bytes: Base64Lines.encode(canonical), size: canonical.count)
        }
        var encoded: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { encoded += [0x0D, 0x0A] }
            QuotedPrintable.encode(line, into: &encoded)
        }
        if rest.isEmpty && !lines.isEmpty { encoded += [0x0D, 0x0A] }
        return EncodedBody(encoding: .quotedPrintable, bytes: encoded, size: canonical.count)
    }
}

/// base64 in lines of 76 characters (RFC 2045 §6.8), CRLF between them.
enum Base64Lines {
    /// The octets one line of 76 characters holds.
    static let octetsPerLine = 57

    /// `bytes` as base64 lines, CRLF between them and none after the last. Octets in a
    /// multiple of `octetsPerLine` make whole lines, so content encoded block by block, CRLF
    /// between blocks, gives the same lines as content encoded whole.
    static func encode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let text = Array(Base64.encode(bytes).utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(encodedSize(bytes.count))
        var start = 0
        while start < text.count {
            if start > 0 { encoded += [0x0D, 0x0A] }
            encoded += text[start..<min(start + 76, text.count)]
            start += 76
        }
        return encoded
    }

    /// Octets of the encoding of `count` octets.
    static func encodedSize(_ count: Int) -> Int {
        let characters = (count + 2) / 3 * 4
        return characters + (characters + 75) / 76 * 2 - (characters > 0 ? 2 : 0)
    }
}

/// Quoted-printable (RFC 2045 §6.7) for text lines.
enum QuotedPrintable {
    /// Bytes written as they are: printable ASCII but `=`, and tab and space (rule 3: not
    /// at a line's end).
    static func isLiteral(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "="))
    }

    /// Appends one line (no line break in it) encoded, with soft line breaks (`=` CRLF) so
    /// that no encoded line passes 76 characters.
    static func encode(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var length = 0
        var encoded: [UInt8] = []
        for index in line.indices {
            let byte = line[index]
            encoded.removeAll(keepingCapacity: true)
            let atEnd = index == line.index(before: line.endIndex)
            if isLiteral(byte) && !(atEnd && (byte == 0x20 || byte == 0x09)) {
                encoded.append(byte)
            } else {
                Hex.append(byte, marker: UInt8(ascii: "="), to: &encoded)
            }
            if length + encoded.count > 75 {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                length = 0
            }
            output += encoded
            length += encoded.count
        }
    }
}
