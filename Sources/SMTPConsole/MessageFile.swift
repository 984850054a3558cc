import Glibc

/// A message file opened for `/send` and `/bdat`, read in bounded blocks.
///
/// The file is never read whole: a large message goes out block by block, so memory
/// stays at one block (plus one line) whatever the file's size.
final class MessageFile {
    /// How much is read at a time for DATA: large writes, few wake-ups.
    static let blockSize = 256 * 1024
    /// The size of a BDAT chunk (RFC 3030 leaves it to the client; each is one command).
    static let chunkSize = 64 * 1024

    let path: String
    /// The size at opening, for progress lines.
    let size: Int
    /// Bytes read so far.
    private(set) var offset = 0
    private let descriptor: Int32

    /// Opens `path` for reading; a missing, unreadable or non-regular file is an error
    /// whose text names the file and the reason.
    init(path: String) throws(MessageFileError) {
        let expanded = PathCompletion.expandingTilde(path)
        let fd = open(expanded, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MessageFileError("cannot read \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw MessageFileError("cannot read \(path): \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw MessageFileError("cannot send \(path): not a regular file")
        }
        self.path = path
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// The next block of at most `maximum` bytes; empty at the end of the file.
    func read(maximum: Int = blockSize) throws(MessageFileError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 {
                offset += count
                buffer.removeLast(buffer.count - count)
                return buffer
            }
            if errno == EINTR { continue }
            throw MessageFileError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why a message file cannot be sent (shown to the user as is).
struct MessageFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Turns a file's bytes into the wire form of a message, one block at a time.
///
/// Line endings (LF or CRLF) become CRLF and a last line without one gets CRLF; for
/// DATA, a line starting with `.` gets a second one (RFC 5321 §4.5.2); nothing else
/// changes — a lone CR inside a line stays. It also notes what the user should be told:
/// the first non-ASCII byte and the first line longer than the 998 octets of RFC 5321
/// §4.5.3.1.6.
struct WireLines {
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
