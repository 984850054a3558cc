#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The wire form of a message body, made block by block (RFC 5321 §4.5.2, RFC 3030).
///
/// Line endings (LF or CRLF) become CRLF, and a last line without one gets CRLF at
/// `finish`. With dot-stuffing (DATA), a line starting with `.` gets a second one, so the
/// server never mistakes it for the end of the body; BDAT sends the bytes as they are.
/// Nothing else changes: a lone CR inside a line stays. It also notes what the user
/// should be told: the first line with a byte above 127, and the first line longer than
/// the 998 octets of RFC 5321 §4.5.3.1.6.
///
/// The input may be cut anywhere (even between a CR and its LF): the output is the same
/// bytes as for the whole input at once. The work is one pass over the bytes, written
/// straight into the output array's new capacity: line ends are found with `memchr`, each
/// line is copied with one `memcpy`, and nothing is allocated per line (the output grows
/// at most once per call, and not at all when a reused array has the room: `encode`
/// wants `2 × input.count + 1` bytes of spare capacity, the worst case, and uses what the
/// wire form takes).
public struct MessageBodyEncoder: Sendable {
    /// The longest line (without CRLF) RFC 5321 allows.
    public static let lineLimit = 998

    /// Lines completed so far.
    public private(set) var lineCount = 0
    /// Lines that got an extra leading dot.
    public private(set) var stuffedLineCount = 0
    /// The 1-based number of the first line with a byte above 127, if any.
    public private(set) var firstNonASCIILine: Int?
    /// The 1-based number of the first line longer than `lineLimit` octets (without its
    /// CRLF, counting an added dot and any lone CR), if any.
    public private(set) var firstLongLine: Int?

    /// Doubles leading dots (DATA); `false` for BDAT.
    private let dotStuffing: Bool
    /// Octets of the current line on the wire so far (0: nothing of it yet).
    private var lineLength = 0
    /// The input's last byte was a CR: whether it ends the line depends on the next byte.
    private var pendingCR = false

    /// An encoder for a DATA body (`dotStuffing: true`) or BDAT chunks (`false`).
    public init(dotStuffing: Bool) {
        self.dotStuffing = dotStuffing
    }

    /// Appends the wire form of `input` to `output`. Complete lines end with CRLF; the
    /// current line's bytes so far are appended too (a CR at the very end is held back
    /// until the next byte tells whether it ends the line).
    public mutating func encode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        // Each input byte makes at most two (LF → CRLF, a leading dot doubled), plus a held CR.
        let room = 2 * input.count + 1
        if #available(macOS 26, *) {
            output.append(addingCapacity: room) { span in
                span.withUnsafeMutableBufferPointer { buffer, initialized in
                    initialized = encode(base, count: input.count, into: UnsafeMutableRawPointer(buffer.baseAddress!))
                }
            }
        } else {
            // Without OutputSpan: room made of zeros, written over, the rest cut off.
            let oldCount = output.count
            output.append(contentsOf: repeatElement(0, count: room))
            let written = output.withUnsafeMutableBytes { buffer in
                encode(base, count: input.count, into: buffer.baseAddress! + oldCount)
            }
            output.removeLast(room - written)
        }
    }

    /// Writes the wire form of the `count` bytes at `base` to `destination`, which has
    /// room for `2 * count + 1` bytes. - Returns: how many bytes it wrote.
    private mutating func encode(_ base: UnsafeRawPointer, count: Int, into destination: UnsafeMutableRawPointer) -> Int {
        // Where the first byte above 127 is, while no line has had one.
        var high: UnsafeRawPointer? = nil
        if firstNonASCIILine == nil, let offset = Self.firstHighByte(base, count) { high = base + offset }

        let end = base + count
        var cursor = base
        var out = destination
        if pendingCR {
            pendingCR = false
            out.storeBytes(of: Self.cr, as: UInt8.self)
            out += 1
            if cursor.load(as: UInt8.self) == Self.lf {
                out.storeBytes(of: Self.lf, as: UInt8.self)
                out += 1
                cursor += 1
                endLine()
            } else {
                lineLength += 1  // a lone CR: part of the line
            }
        }

        while cursor < end {
            if lineLength == 0, dotStuffing, cursor.load(as: UInt8.self) == Self.dot {
                out.storeBytes(of: Self.dot, as: UInt8.self)
                out += 1
                lineLength = 1
                stuffedLineCount += 1
            }
            guard let found = memchr(cursor, Int32(Self.lf), end - cursor) else {
                // The line goes on in the next block; a CR at the end may be half of a CRLF.
                var contentEnd = end
                if (end - 1).load(as: UInt8.self) == Self.cr {
                    pendingCR = true
                    contentEnd -= 1
                }
                out.copyMemory(from: cursor, byteCount: contentEnd - cursor)
                out += contentEnd - cursor
                lineLength += contentEnd - cursor
                if high != nil { firstNonASCIILine = lineCount + 1 }
                break
            }
            let lineFeed = UnsafeRawPointer(found)
            var contentEnd = lineFeed
            if lineFeed > cursor, (lineFeed - 1).load(as: UInt8.self) == Self.cr { contentEnd -= 1 }
            out.copyMemory(from: cursor, byteCount: contentEnd - cursor)
            out += contentEnd - cursor
            out.storeBytes(of: Self.cr, as: UInt8.self)
            out.storeBytes(of: Self.lf, toByteOffset: 1, as: UInt8.self)
            out += 2
            lineLength += contentEnd - cursor
            if let highByte = high, highByte < lineFeed {
                firstNonASCIILine = lineCount + 1
                high = nil
            }
            endLine()
            cursor = lineFeed + 1
        }
        return out - destination
    }

    /// Appends the wire form of `input` to `output` (see the raw-buffer form).
    public mutating func encode(_ input: [UInt8], into output: inout [UInt8]) {
        input.withUnsafeBytes { encode($0, into: &output) }
    }

    /// The end of the message: a pending CR goes out as part of the line, and a last line
    /// without a line ending gets CRLF. Nothing is appended after complete lines.
    public mutating func finish(into output: inout [UInt8]) {
        if pendingCR {
            pendingCR = false
            output.append(Self.cr)
            lineLength += 1
        }
        if lineLength > 0 {
            output.append(Self.cr)
            output.append(Self.lf)
            endLine()
        }
    }

    // MARK: Details

    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
    private static let dot: UInt8 = 0x2E

    /// Counts the line just ended and notes it if it was too long.
    private mutating func endLine() {
        lineCount += 1
        if lineLength > Self.lineLimit, firstLongLine == nil { firstLongLine = lineCount }
        lineLength = 0
    }

    /// The offset of the first byte above 127 in the `count` bytes at `base`, if any:
    /// 64 bytes at a time while there is none.
    private static func firstHighByte(_ base: UnsafeRawPointer, _ count: Int) -> Int? {
        var offset = 0
        while offset + 64 <= count {
            let bytes =
                base.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
                | base.loadUnaligned(fromByteOffset: offset + 16, as: SIMD16<UInt8>.self)
                | base.loadUnaligned(fromByteOffset: offset + 32, as: SIMD16<UInt8>.self)
                | base.loadUnaligned(fromByteOffset: offset + 48, as: SIMD16<UInt8>.self)
            let words = unsafeBitCast(bytes, to: SIMD2<UInt64>.self)
            if (words[0] | words[1]) & 0x8080_8080_8080_8080 != 0 { break }
            offset += 64
        }
        while offset < count {
            if base.load(fromByteOffset: offset, as: UInt8.self) >= 0x80 { return offset }
            offset += 1
        }
        return nil
    }
}
