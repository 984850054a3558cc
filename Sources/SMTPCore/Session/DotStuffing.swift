/// A typed DATA body line made ready for the wire (RFC 5321 §4.5.2).
///
/// The server ends the body at a line holding a single `.`, so the client doubles the
/// leading dot of every other line that starts with one ("dot-stuffing"); the server
/// removes it again. The lone `.` the user types is the terminator and is sent as is.
/// The stuffing is `MessageBodyEncoder`'s, the one the project has for files too.
public struct BodyLine: Sendable, Hashable {
    /// What to send: the (possibly stuffed) line and CRLF.
    public let bytes: [UInt8]
    /// `true` when a dot was added in front (the console tells the user).
    public let wasStuffed: Bool
    /// `true` for the lone `.` that ends the body.
    public let isTerminator: Bool

    /// The wire form of a typed body line (without its line ending). A line break inside
    /// `line` (pasted text) is made CRLF like one in a file; a CR at its end stays.
    /// Whether `bytes` hold a CR or an LF (eight bytes at a time: a byte equal to one of
    /// them is zero after the XOR, and a zero byte borrows into its high bit).
    private static func holdsLineBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let cr = word ^ (ones &* 0x0D)
                let lf = word ^ (ones &* 0x0A)
                if ((cr &- ones) & ~cr & high) | ((lf &- ones) & ~lf & high) != 0 { return true }
                index += 8
            }
        }
        while index < bytes.count {
            if bytes[index] == 0x0D || bytes[index] == 0x0A { return true }
            index += 1
        }
        return false
    }

    public init(typed line: String) {
        // Most lines neither start with a dot nor hold a line break: they go as they are.
        var line = line
        let plain = line.withUTF8 { typed -> [UInt8]? in
            guard let first = typed.first, first != 0x2E, !Self.holdsLineBreak(typed) else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(typed.count + 2)
            bytes.append(contentsOf: typed)
            bytes.append(0x0D)
            bytes.append(0x0A)
            return bytes
        }
        if let plain {
            bytes = plain
            wasStuffed = false
            isTerminator = false
            return
        }
        let typed = Array(line.utf8)
        isTerminator = typed == [0x2E]
        if isTerminator {
            bytes = [0x2E, 0x0D, 0x0A]
            wasStuffed = false
            return
        }
        var encoder = MessageBodyEncoder(dotStuffing: true)
        var wire: [UInt8] = []
        wire.reserveCapacity(typed.count + 3)
        encoder.encode(typed, into: &wire)
        encoder.finish(into: &wire)
        bytes = typed.isEmpty ? [0x0D, 0x0A] : wire
        wasStuffed = encoder.stuffedLineCount > 0
    }
}
