/// How a line read from the client ended.
enum LineEnding: Sendable, Hashable {
    /// CR LF, as RFC 5321 §2.3.8 requires.
    case crlf
    /// A LF with no CR before it: common from scripts, refused in the strict scenario.
    case bareLF
}

/// One piece of client input cut by `InputFramer`.
struct FramedLine: Sendable, Hashable {
    /// The bytes of the line (or of this fragment), without the line ending.
    var content: [UInt8]
    /// How the line ended; `nil` when this is a fragment of a line longer than the limit.
    var ending: LineEnding?
    /// `true` when this piece continues a line whose start was already returned as a fragment.
    var isContinuation: Bool
}

/// Cuts the client's byte stream into lines and counted chunks, in bounded memory.
///
/// A line longer than the limit is never held whole: it comes out as fragments of at most
/// `limit` bytes, then its tail with its ending, so a client cannot make the server buffer
/// an endless line. BDAT chunks (RFC 3030) are taken by count, not by line.
struct InputFramer: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0
    /// `true` after a fragment, until the rest of that line has been returned.
    private var inLongLine = false

    /// The number of bytes received and not yet returned.
    var bufferedCount: Int { buffer.count - start }

    /// Adds bytes that arrived from the client.
    mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next line or fragment; `nil` when more input is needed.
    ///
    /// A line ends at LF; a CR just before it makes the ending `.crlf`. `limit` is the
    /// longest content a whole line may have (without CR LF); once more is buffered with no
    /// line end in reach, `limit` bytes come out as a fragment.
    mutating func nextLine(limit: Int) -> FramedLine? {
        let limit = max(limit, 1)
        let searchEnd = min(buffer.count, start + limit + 2)
        let continuation = inLongLine
        if let lf = buffer[start..<searchEnd].firstIndex(of: 0x0A) {
            var end = lf
            var ending = LineEnding.bareLF
            if end > start && buffer[end - 1] == 0x0D {
                end -= 1
                ending = .crlf
            }
            let line = FramedLine(content: Array(buffer[start..<end]), ending: ending, isContinuation: continuation)
            start = lf + 1
            inLongLine = false
            return line
        }
        guard buffer.count - start > limit + 1 else { return nil }
        // Keep a trailing CR back: it may be the first half of the CRLF that ends the line.
        var cut = start + limit
        if buffer[cut - 1] == 0x0D && cut - 1 > start { cut -= 1 }
        let fragment = FramedLine(content: Array(buffer[start..<cut]), ending: nil, isContinuation: continuation)
        start = cut
        inLongLine = true
        return fragment
    }

    /// Up to `count` buffered bytes, for a BDAT chunk; empty when nothing is buffered.
    mutating func take(upTo count: Int) -> ArraySlice<UInt8> {
        let end = start + min(count, buffer.count - start)
        let chunk = buffer[start..<end]
        start = end
        return chunk
    }

    /// Drops everything buffered (RFC 3207 §4.2: input that came before the TLS handshake).
    mutating func discardAll() {
        buffer.removeAll(keepingCapacity: false)
        start = 0
        inLongLine = false
    }
}
