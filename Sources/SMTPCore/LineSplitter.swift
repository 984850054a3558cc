/// Bytes to lines: each LF ends a line, and a CR just before it is dropped, so that CRLF and
/// a bare LF both end one.
///
/// The one splitter of the byte streams smtpc reads as lines: script mode's standard input,
/// what a client sends the practice server (its record), a transcript file. Replies are not
/// among them: `ReplyParser` frames them itself, with limits of its own.
public struct LineSplitter: Sendable {
    /// What came after the last LF so far: the start of a line not yet ended.
    public private(set) var pending: [UInt8] = []

    public init() {}

    /// The lines of `bytes`, each without its LF (and a CR before it), and what follows the
    /// last LF.
    public static func split(_ bytes: ArraySlice<UInt8>) -> (lines: [ArraySlice<UInt8>], rest: ArraySlice<UInt8>) {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            let line = bytes[start..<end]
            lines.append(line.last == 0x0D ? line.dropLast() : line)
            start = end + 1
        }
        return (lines, bytes[start...])
    }

    /// The lines that `bytes` ends, the first with what was pending before it; what follows
    /// the last LF is kept pending.
    public mutating func lines(in bytes: some Collection<UInt8>) -> [[UInt8]] {
        lines(in: ArraySlice(bytes))
    }

    /// The same for bytes in an array, as script mode reads them. Not generic: called from
    /// another module, the generic version runs unspecialised, and its first `contains`
    /// made the runtime scan every conformance record of the binary for the collection's
    /// iterator type (docs/benchmarks.md, "The runtime's first questions, fewer").
    public mutating func lines(in bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        let ended = bytes.contains(0x0A)
        pending.append(contentsOf: bytes)
        guard ended else { return [] }
        let (lines, rest) = Self.split(pending[...])
        defer { pending = Array(rest) }
        return lines.map(Array.init)
    }

    /// At the end of the input: what is pending, as a last line without an LF (a CR at its end
    /// dropped); nil when nothing is.
    public mutating func finish() -> [UInt8]? {
        defer { pending = [] }
        guard !pending.isEmpty else { return nil }
        return pending.last == 0x0D ? Array(pending.dropLast()) : pending
    }

    /// What is pending, as it is (a line that grew too long to wait for its end); nothing is
    /// pending after.
    public mutating func takePending() -> [UInt8] {
        defer { pending = [] }
        return pending
    }
}
