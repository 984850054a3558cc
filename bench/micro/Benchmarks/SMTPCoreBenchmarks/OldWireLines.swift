// The OLD code, kept only as the benchmark's baseline: `WireLines` as it was in
// Sources/SMTPConsole/MessageFile.swift at commit 890fac4 (before MessageBodyEncoder),
// copied unchanged but for the name. Not used by smtpc.

/// Turns a file's bytes into the wire form of a message, one block at a time.
///
/// Line endings (LF or CRLF) become CRLF and a last line without one gets CRLF; for
/// DATA, a line starting with `.` gets a second one (RFC 5321 §4.5.2); nothing else
/// changes — a lone CR inside a line stays. It also notes what the user should be told:
/// the first non-ASCII byte and the first line longer than the 998 octets of RFC 5321
/// §4.5.3.1.6.
struct OldWireLines {
    /// Double leading dots (DATA); `false` for BDAT, which sends bytes as they are.
    let dotStuffing: Bool
    /// The longest line (without CRLF) RFC 5321 allows.
    static let lineLimit = 998
    /// A piece of a line is handed on once it is this long, so memory stays bounded on
    /// a file without line breaks.
    static let pieceLimit = 64 * 1024

    /// The 1-based number of the first line with a byte above 127, if any.
    private(set) var firstNonASCIILine: Int?
    /// The 1-based number of the first line over `lineLimit` octets, if any.
    private(set) var firstLongLine: Int?
    /// Lines completed so far.
    private(set) var lineCount = 0

    private var current: [UInt8] = []
    /// Octets of the current line on the wire (pieces already handed on included).
    private var currentLength = 0
    private var pendingCR = false

    init(dotStuffing: Bool) {
        self.dotStuffing = dotStuffing
    }

    /// The wire pieces for `block`: complete lines end with CRLF; the last piece of a
    /// long line without a break may not.
    mutating func feed(_ block: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        for byte in block {
            if pendingCR {
                pendingCR = false
                if byte == 0x0A {
                    pieces.append(endLine())
                    continue
                }
                append(0x0D, to: &pieces)
            }
            switch byte {
            case 0x0D: pendingCR = true
            case 0x0A: pieces.append(endLine())
            default: append(byte, to: &pieces)
            }
        }
        return pieces
    }

    /// What is left at the end of the file: the last line with CRLF, if it had none.
    mutating func finish() -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        if pendingCR {
            pendingCR = false
            append(0x0D, to: &pieces)
        }
        if currentLength > 0 || !current.isEmpty { pieces.append(endLine()) }
        return pieces
    }

    private mutating func append(_ byte: UInt8, to pieces: inout [[UInt8]]) {
        if currentLength == 0, dotStuffing, byte == 0x2E {
            current.append(0x2E)
            currentLength += 1
        }
        if byte >= 0x80, firstNonASCIILine == nil { firstNonASCIILine = lineCount + 1 }
        current.append(byte)
        currentLength += 1
        if current.count >= Self.pieceLimit {
            pieces.append(current)
            current = []
        }
    }

    private mutating func endLine() -> [UInt8] {
        lineCount += 1
        if currentLength > Self.lineLimit, firstLongLine == nil { firstLongLine = lineCount }
        defer {
            current = []
            currentLength = 0
        }
        return current + [0x0D, 0x0A]
    }
}
