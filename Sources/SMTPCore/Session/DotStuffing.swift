/// A typed DATA body line made ready for the wire (RFC 5321 §4.5.2).
///
/// The server ends the body at a line holding a single `.`, so the client doubles the
/// leading dot of every other line that starts with one ("dot-stuffing"); the server
/// removes it again. The lone `.` the user types is the terminator and is sent as is.
public struct BodyLine: Sendable, Hashable {
    /// What to send: the (possibly stuffed) line and CRLF.
    public let bytes: [UInt8]
    /// `true` when a dot was added in front (the console tells the user).
    public let wasStuffed: Bool
    /// `true` for the lone `.` that ends the body.
    public let isTerminator: Bool

    /// The wire form of a typed body line (without its line ending).
    public init(typed line: String) {
        var bytes = Array(line.utf8)
        isTerminator = bytes == [0x2E]
        wasStuffed = !isTerminator && bytes.first == 0x2E
        if wasStuffed { bytes.insert(0x2E, at: 0) }
        bytes += [0x0D, 0x0A]
        self.bytes = bytes
    }
}
