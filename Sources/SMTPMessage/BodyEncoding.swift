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
        if escaped * 6 > canonical.count { return base64(canonical) }
        var encoded: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { encoded += [0x0D, 0x0A] }
            QuotedPrintable.encode(line, into: &encoded)
        }
        if rest.isEmpty && !lines.isEmpty { encoded += [0x0D, 0x0A] }
        return EncodedBody(encoding: .quotedPrintable, bytes: encoded, size: canonical.count)
    }

    /// Content that must arrive byte for byte (attachments, images): as it is when it
    /// already is CRLF text with short lines (7bit if ASCII; 8bit if UTF-8 and `eightBit`
    /// allows), base64 otherwise. Never quoted-printable: a decoder may turn its line breaks
    /// into the local convention (Python's does), and then the bytes would differ.
    static func exact(_ bytes: [UInt8], eightBit: Bool) -> EncodedBody {
        if isCanonicalText(bytes) {
            if bytes.allSatisfy({ $0 < 0x80 }) { return EncodedBody(encoding: .sevenBit, bytes: bytes, size: bytes.count) }
            if eightBit && String(validating: bytes, as: UTF8.self) != nil {
                return EncodedBody(encoding: .eightBit, bytes: bytes, size: bytes.count)
            }
        }
        return base64(bytes)
    }

    /// `bytes` as base64 in lines of 76 characters (RFC 2045 §6.8).
    static func base64(_ bytes: [UInt8]) -> EncodedBody {
        let text = Array(Base64.encode(bytes).utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.count + text.count / 38 + 2)
        var start = 0
        while start < text.count {
            if start > 0 { encoded += [0x0D, 0x0A] }
            encoded += text[start..<min(start + 76, text.count)]
            start += 76
        }
        return EncodedBody(encoding: .base64, bytes: encoded, size: bytes.count)
    }

    /// No NUL, every CR followed by LF and every LF preceded by CR, no line longer than
    /// `lineLimit`.
    private static func isCanonicalText(_ bytes: [UInt8]) -> Bool {
        var lineLength = 0
        for index in bytes.indices {
            switch bytes[index] {
            case 0x00: return false
            case 0x0D:
                guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else { return false }
            case 0x0A:
                guard index > 0, bytes[index - 1] == 0x0D else { return false }
                lineLength = 0
            default:
                lineLength += 1
                if lineLength > lineLimit { return false }
            }
        }
        return true
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
