/// Canonicalizes a body given in pieces of any size (RFC 6376 §3.4.3, §3.4.4), so that a body
/// streamed from disk is never held whole: what a piece settles goes to ``output`` at once,
/// and only what the next piece may change is kept back.
///
/// Kept back: a CR whose LF may be in the next piece, a run of spaces and tabs (relaxed: one
/// space if more of the line follows, nothing if the line ends) and the empty lines seen since
/// the last line with content (they are dropped if the body ends there).
struct BodyCanonicalizer {
    let algorithm: CanonicalizationAlgorithm
    /// Canonical bytes settled and not yet taken; the owner empties it as it likes.
    var output: [UInt8] = []
    /// `true` once a line ended in a bare LF (one without CR before it), which stays in the line.
    private(set) var sawBareLineFeed = false

    private var pendingCR = false
    private var pendingSpace = false
    private var lineHasContent = false
    private var heldEmptyLines = 0
    private var producedContent = false

    init(_ algorithm: CanonicalizationAlgorithm) { self.algorithm = algorithm }

    /// Takes the next piece of the body.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == 0x0A {
                    endLine()
                    continue
                }
                content(0x0D)
            }
            if byte == 0x0D {
                pendingCR = true
            } else {
                if byte == 0x0A { sawBareLineFeed = true }
                content(byte)
            }
        }
    }

    /// The end of the body: a last line without CRLF gets one, held empty lines are dropped, and
    /// an empty body is CRLF for simple and nothing for relaxed.
    mutating func finish() {
        if pendingCR {
            pendingCR = false
            content(0x0D)
        }
        if lineHasContent { endLine() }
        if algorithm == .simple && !producedContent { output += [0x0D, 0x0A] }
        heldEmptyLines = 0
    }

    /// A byte that is not part of a line's CRLF.
    private mutating func content(_ byte: UInt8) {
        if algorithm == .relaxed && byte.isDKIMWhitespace {
            pendingSpace = true
            return
        }
        if !lineHasContent {
            for _ in 0..<heldEmptyLines { output += [0x0D, 0x0A] }
            heldEmptyLines = 0
            lineHasContent = true
            producedContent = true
        }
        if pendingSpace {
            output.append(0x20)
            pendingSpace = false
        }
        output.append(byte)
    }

    /// A CRLF: it ends a line with content at once; an empty line waits to see if more follows.
    private mutating func endLine() {
        if lineHasContent {
            output += [0x0D, 0x0A]
        } else {
            heldEmptyLines += 1
        }
        lineHasContent = false
        pendingSpace = false
    }
}

extension CanonicalizationAlgorithm {
    /// The whole body as it is hashed for the `bh=` tag (RFC 6376 §3.4.3, §3.4.4).
    func canonicalBody(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var canonicalizer = BodyCanonicalizer(self)
        body.withUnsafeBufferPointer { canonicalizer.feed($0) }
        canonicalizer.finish()
        return canonicalizer.output
    }
}
