/// One pass over content that must arrive byte for byte (an attachment, an image), fed
/// block by block, that chooses its transfer encoding: as it is when it already is CRLF text
/// with short lines (7bit if ASCII; 8bit if UTF-8 and `eightBit` allows), base64 otherwise.
/// Never quoted-printable: a decoder may turn its line breaks into the local convention
/// (Python's does), and then the bytes would differ.
///
/// Content sent as it is can hold text like a boundary, so the scan also collects the
/// boundary lookalikes in it (`BoundaryLookalikes`). It stops as soon as only base64 will do
/// (`undecided`), so binary content is seldom read further than its first block.
struct ExactContentScan {
    /// Distinct boundary lookalikes beyond which the content goes as base64, which has none:
    /// content full of them is made to break messages, and the set stays small.
    static let lookalikeLimit = 1000

    /// 8bit is allowed (8BITMIME or SMTPUTF8).
    let eightBit: Bool
    /// No NUL, every CR followed by LF and every LF preceded by CR, no line longer than
    /// `EncodedBody.lineLimit`: so far.
    private(set) var canonical = true
    /// No octet above 127 so far.
    private(set) var ascii = true
    private var utf8 = UTF8Validation()
    /// The octets of the line being read (its CR left out).
    private var line: [UInt8] = []
    private var previous: UInt8?
    /// The boundary lookalikes found so far.
    private(set) var lookalikes: Set<String> = []

    init(eightBit: Bool) {
        self.eightBit = eightBit
    }

    /// Whether more content could still make it go as it is.
    var undecided: Bool {
        canonical && (ascii || eightBit && utf8.isValid) && lookalikes.count <= Self.lookalikeLimit
    }

    /// The encoding for the content fed, when it was all of it.
    var encoding: TransferEncoding {
        guard undecided && previous != 0x0D && utf8.isComplete else { return .base64 }
        return ascii ? .sevenBit : .eightBit
    }

    /// Whether the content fed ends in a line break (as it is sent, when it is not base64).
    var endsInLineBreak: Bool { previous == 0x0A }

    /// Reads `block`, the content's next octets.
    mutating func feed(_ block: ArraySlice<UInt8>) {
        for byte in block {
            guard undecided else { return }
            if previous == 0x0D && byte != 0x0A { canonical = false }
            switch byte {
            case 0x00: canonical = false
            case 0x0A:
                if previous != 0x0D { canonical = false }
                endLine()
            case 0x0D: break
            default:
                line.append(byte)
                if line.count > EncodedBody.lineLimit { canonical = false }
            }
            if byte >= 0x80 { ascii = false }
            utf8.feed(byte)
            previous = byte
        }
    }

    /// Reads the end of the content.
    mutating func finish() {
        endLine()
    }

    private mutating func endLine() {
        lookalikes.formUnion(BoundaryLookalikes.find(in: line))
        line.removeAll(keepingCapacity: true)
    }
}

/// Validates UTF-8 one octet at a time (RFC 3629 §4: no overlong forms, no surrogates,
/// nothing above U+10FFFF), so that content read in blocks is judged across their edges.
struct UTF8Validation {
    /// Continuation octets still expected in the current sequence.
    private var remaining = 0
    /// The range the next continuation octet must fall in (narrower after E0, ED, F0, F4).
    private var next: ClosedRange<UInt8> = 0x80...0xBF
    /// No invalid octet so far.
    private(set) var isValid = true

    /// No sequence is left unfinished.
    var isComplete: Bool { remaining == 0 }

    mutating func feed(_ byte: UInt8) {
        guard isValid else { return }
        if remaining > 0 {
            guard next.contains(byte) else {
                isValid = false
                return
            }
            remaining -= 1
            next = 0x80...0xBF
            return
        }
        switch byte {
        case 0x00...0x7F: return
        case 0xC2...0xDF: remaining = 1
        case 0xE0: (remaining, next) = (2, 0xA0...0xBF)
        case 0xED: (remaining, next) = (2, 0x80...0x9F)
        case 0xE1...0xEF: remaining = 2
        case 0xF0: (remaining, next) = (3, 0x90...0xBF)
        case 0xF4: (remaining, next) = (3, 0x80...0x8F)
        case 0xF1...0xF3: remaining = 3
        default: isValid = false
        }
    }
}

/// Text that could be taken for a boundary: `=_smtpc_` and the 24 letters or digits after
/// it. Boundaries are that prefix and 24 random letters and digits (`MIMEEntity`), which
/// quoted-printable and base64 cannot produce; text sent as it is can, and a multipart's
/// boundary is drawn again while it is among the lookalikes of its parts. A lookalike holds
/// no CR or LF, so it is always within one line.
enum BoundaryLookalikes {
    /// What every boundary starts with.
    static let prefix = Array("=_smtpc_".utf8)
    /// The random letters and digits after the prefix.
    static let randomLength = 24

    /// The lookalikes in `bytes`, each as the 24 characters after the prefix.
    static func find(in bytes: [UInt8]) -> Set<String> {
        var found: Set<String> = []
        var start = 0
        while start + prefix.count + randomLength <= bytes.count {
            defer { start += 1 }
            guard bytes[start] == prefix[0], bytes[start..<start + prefix.count].elementsEqual(prefix) else { continue }
            let random = bytes[start + prefix.count..<start + prefix.count + randomLength]
            if random.allSatisfy(RandomText.alphabet.contains) { found.insert(String(decoding: random, as: UTF8.self)) }
        }
        return found
    }
}
