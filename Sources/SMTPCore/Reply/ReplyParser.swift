/// An incremental parser that turns the bytes a server sends into replies.
///
/// Bytes may arrive split anywhere — one read is never taken as one reply. The parser
/// assembles multi-line replies (`250-…` … `250 …`), keeps every line exactly, and reports
/// anything it cannot accept as an ``Event/error(_:)`` value, then resynchronises at the
/// next line. Memory is bounded by ``Limits``: at most one line of `maxLineLength` bytes
/// (plus its CR) is buffered, and an unfinished reply holds at most `maxLinesPerReply` lines
/// and `maxReplyBytes` bytes.
///
///     var parser = ReplyParser()
///     for event in parser.feed(chunk) { … }   // as bytes arrive
///     for event in parser.finish() { … }      // when the connection closes
public struct ReplyParser: Sendable {
    /// The bounds that keep a misbehaving server from exhausting memory.
    public struct Limits: Sendable, Hashable {
        /// The longest line accepted, in bytes, not counting its CRLF or LF.
        ///
        /// RFC 5321 §4.5.3.1.5 allows 512 bytes per reply line; real servers exceed it
        /// (long `250-` lines of extensions, verbose rejections), so the default is generous.
        public var maxLineLength: Int
        /// The most lines one reply may have.
        public var maxLinesPerReply: Int
        /// The most bytes (CRLFs included) an unfinished reply may hold: the bound that keeps an
        /// endless reply small while a long legitimate one (a HELP of 10,000 lines) passes.
        public var maxReplyBytes: Int

        /// Limits with the defaults of 64 KiB per line, 100,000 lines and 4 MiB per reply.
        public init(maxLineLength: Int = 65536, maxLinesPerReply: Int = 100_000, maxReplyBytes: Int = 4 << 20) {
            precondition(
                maxLineLength > 0 && maxLinesPerReply > 0 && maxReplyBytes > 0, "reply parser limits must be positive")
            self.maxLineLength = maxLineLength
            self.maxLinesPerReply = maxLinesPerReply
            self.maxReplyBytes = maxReplyBytes
        }
    }

    /// What the parser makes of the input, in the order the bytes arrived.
    public enum Event: Sendable, Hashable {
        /// A complete reply.
        case reply(Reply)
        /// Input that could not be made into a reply; the parser carries on at the next line.
        case error(ReplyParseError)
        /// More bytes of a line that outgrew ``Limits/maxLineLength``, after its
        /// ``ReplyParseError/Kind/lineTooLong`` error: handed on as they arrive, never held,
        /// so a transcript can keep the whole line while memory stays bounded.
        case overflow(OverflowPiece)
    }

    /// A stretch of an over-long line, in the order received.
    public struct OverflowPiece: Sendable, Hashable {
        /// The bytes (without the line's terminator).
        public let bytes: [UInt8]
        /// The whole line's length once it ended (its LF came, or the input ended); `nil` while it goes on.
        public let endedAtLength: Int?

        public init(bytes: [UInt8], endedAtLength: Int?) {
            self.bytes = bytes
            self.endedAtLength = endedAtLength
        }
    }

    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A

    /// The bounds this parser enforces.
    public let limits: Limits
    /// The line being received, without its LF; it may end in the CR of a CRLF.
    private var line: [UInt8] = []
    /// Whether the rest of an overlong line is being passed on (not held) up to its LF.
    private var discardingLine = false
    /// Bytes of the overlong line read since the last ``Event/overflow(_:)``.
    private var overflow: [UInt8] = []
    /// A CR of the overlong line held back: it may be the start of its CRLF.
    private var overflowHeldCR = false
    /// Bytes of the overlong line so far, terminator excluded.
    private var overflowLength = 0
    /// Continuation lines (`250-…`) of the reply being assembled.
    private var pendingLines: [ReplyLine] = []
    /// Wire bytes (terminators included) of `pendingLines`.
    private var pendingByteCount = 0

    /// A parser with the given bounds.
    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Bytes received but not yet part of a delivered reply or a reported error.
    ///
    /// Non-zero right after a reply means the server sent more than that reply. After the
    /// `220` to STARTTLS it must be zero: anything buffered then arrived in plaintext
    /// before the TLS handshake (RFC 3207 §6, plaintext injection). Bytes of an overlong
    /// line are not counted — they are handed on as ``Event/overflow(_:)`` as they arrive.
    public var bufferedByteCount: Int { line.count + pendingByteCount }

    /// Consumes the next bytes from the server and returns the events they complete.
    public mutating func feed<S: Sequence>(_ bytes: S) -> [Event] where S.Element == UInt8 {
        // Contiguous input (arrays, slices, NIO's buffer views) takes the specialised path:
        // the generic loop runs unspecialised across modules and costs an allocation a byte.
        if let events = bytes.withContiguousStorageIfAvailable({ feed(UnsafeRawBufferPointer($0)) }) {
            return events
        }
        var events: [Event] = []
        for byte in bytes { consume(byte, into: &events) }
        passOnOverflow(into: &events)
        return events
    }

    /// Consumes the next bytes from the server (contiguous memory) and returns the events they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [Event] {
        var events: [Event] = []
        for byte in bytes { consume(byte, into: &events) }
        passOnOverflow(into: &events)
        return events
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8, into events: inout [Event]) {
        if byte == Self.lineFeed {
            endLine(into: &events)
        } else if discardingLine {
            overflowed(byte)
        } else if line.count < limits.maxLineLength
            || (line.count == limits.maxLineLength && byte == Self.carriageReturn)
        {
            // One CR past the limit is held back: it may be the start of the CRLF.
            line.append(byte)
        } else {
            overflowLine(into: &events)
            overflowed(byte)
        }
    }

    /// Takes a byte of an overlong line, holding back a CR until the next byte shows what it is.
    @inline(__always)
    private mutating func overflowed(_ byte: UInt8) {
        if overflowHeldCR {
            overflow.append(Self.carriageReturn)
            overflowLength += 1
        }
        overflowHeldCR = byte == Self.carriageReturn
        if !overflowHeldCR {
            overflow.append(byte)
            overflowLength += 1
        }
    }

    /// Hands on the overlong line's bytes read so far (at the end of each `feed`).
    private mutating func passOnOverflow(into events: inout [Event]) {
        guard discardingLine, !overflow.isEmpty else { return }
        events.append(.overflow(OverflowPiece(bytes: overflow, endedAtLength: nil)))
        overflow = []
    }

    /// Ends the overlong line: its last bytes, with its length.
    private mutating func endOverflow(into events: inout [Event]) {
        events.append(.overflow(OverflowPiece(bytes: overflow, endedAtLength: overflowLength)))
        overflow = []
        overflowHeldCR = false
        overflowLength = 0
        discardingLine = false
    }

    /// Reports what is left when the input ends (call when the connection closes).
    ///
    /// A partial line or an unfinished multi-line reply becomes one
    /// ``ReplyParseError/Kind/unfinishedAtClose`` error rather than being dropped.
    /// The parser is empty afterwards and may be reused for a new connection.
    public mutating func finish() -> [Event] {
        defer { self = ReplyParser(limits: limits) }
        if discardingLine {
            // No LF came: a held CR was part of the line.
            if overflowHeldCR {
                overflow.append(Self.carriageReturn)
                overflowLength += 1
            }
            var events: [Event] = []
            endOverflow(into: &events)
            return events
        }
        guard !line.isEmpty || !pendingLines.isEmpty else { return [] }
        return [.error(.make(.unfinishedAtClose, line: line, abandoning: pendingLines, limits: limits))]
    }

    /// Handles an LF: the end of the current line, well-formed or not.
    private mutating func endLine(into events: inout [Event]) {
        if discardingLine {
            endOverflow(into: &events)
            return
        }
        let endedWithBareLF = line.last != Self.carriageReturn
        let raw = endedWithBareLF ? line : Array(line.dropLast())
        // A huge line's storage is released rather than kept for the rest of the session.
        line.removeAll(keepingCapacity: line.count <= 4096)

        switch ReplyLineGrammar.parse(raw, endedWithBareLF: endedWithBareLF) {
        case .malformed(let kind):
            events.append(.error(.make(kind, line: raw, abandoning: takePendingLines(), limits: limits)))
        case .ok(let parsed):
            accept(parsed, terminatorLength: endedWithBareLF ? 1 : 2, into: &events)
        }
    }

    /// Adds a well-formed line to the reply being assembled, delivering the reply at its last line.
    ///
    /// A line whose code differs from the reply's, or one past the line limit, ends the
    /// unfinished reply with an error and starts a new one: that keeps the count of
    /// replies right when a server truncated one reply and went on with the next.
    private mutating func accept(_ parsed: ReplyLine, terminatorLength: Int, into events: inout [Event]) {
        if let first = pendingLines.first, first.code != parsed.code {
            events.append(.error(.make(.codeChangedMidReply, line: parsed.raw, abandoning: takePendingLines(), limits: limits)))
        } else if pendingLines.count >= limits.maxLinesPerReply
            || pendingByteCount + parsed.raw.count + terminatorLength > limits.maxReplyBytes
        {
            events.append(.error(.make(.tooManyLines, line: parsed.raw, abandoning: takePendingLines(), limits: limits)))
        }
        if parsed.isLast {
            events.append(.reply(Reply(code: parsed.code, lines: takePendingLines() + [parsed])))
        } else {
            pendingLines.append(parsed)
            pendingByteCount += parsed.raw.count + terminatorLength
        }
    }

    /// Reports the current line as too long, abandons the unfinished reply, and passes the rest
    /// of the line on as ``Event/overflow(_:)`` pieces up to its LF.
    private mutating func overflowLine(into events: inout [Event]) {
        // The byte that did not fit counts too: the line is at least this long.
        events.append(
            .error(
                .make(
                    .lineTooLong, line: line, lineLength: line.count + 1,
                    abandoning: takePendingLines(), limits: limits)))
        overflowLength = line.count
        line = []
        discardingLine = true
    }

    /// Empties the unfinished reply and returns its lines.
    private mutating func takePendingLines() -> [ReplyLine] {
        defer {
            pendingLines = []
            pendingByteCount = 0
        }
        return pendingLines
    }
}

extension Array where Element == ReplyParser.Event {
    /// These events with each run of ``ReplyParser/Event/overflow(_:)`` pieces joined into
    /// one. An over-long line comes in one piece per `feed`, so the same bytes read in other
    /// chunks give other pieces; joined, their events are equal.
    public func joiningOverflow() -> [ReplyParser.Event] {
        var joined: [ReplyParser.Event] = []
        for event in self {
            if case .overflow(let piece) = event, case .overflow(let open)? = joined.last, open.endedAtLength == nil {
                joined[joined.count - 1] = .overflow(.init(bytes: open.bytes + piece.bytes, endedAtLength: piece.endedAtLength))
            } else {
                joined.append(event)
            }
        }
        return joined
    }
}
