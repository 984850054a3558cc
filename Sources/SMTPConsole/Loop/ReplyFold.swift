import SMTPCore

/// Keeps one long reply from burying a terminal that cannot keep up: once the screen text
/// waiting for the terminal, with the reply's lines so far, passes ``limit``, the reply's
/// further lines are counted instead of shown, and when it ends one line says how many:
/// `… 1,204,311 more lines of this reply (all in the transcript)`, then its last line and
/// its annotation as usual.
///
/// A reply longer than the parser holds (``ReplyParser/Limits``) arrives as a run of
/// "too many lines" parse errors and then the reply with its last line; the run counts as
/// one reply. The transcript is written from the machine's outputs, not from here: it keeps
/// every line whatever is shown.
struct ReplyFold {
    /// Bytes of screen text a reply may have waiting for the terminal before the rest is counted.
    static let limit = 1 << 20

    /// Lines of the current reply counted instead of shown (the fold is open when non-zero
    /// or when `open` is set by a fold that has hidden nothing yet).
    private(set) var hiddenLines = 0
    private var open = false

    /// Whether lines of a reply are being counted.
    var isOpen: Bool { open }

    /// The lines to show for `event`. `behind`: bytes of screen text not yet written to the
    /// terminal; `recording`: whether a transcript keeps what is not shown.
    mutating func lines(
        for event: DisplayEvent, behind: Int, recording: Bool, renderer: ConsoleRenderer, columns: Int?
    ) -> [String] {
        switch event {
        case .malformed(let error) where error.kind == .tooManyLines:
            // The reply goes on: these are its lines so far.
            if open {
                hiddenLines += error.abandonedLines.count
                return []
            }
            let shown = Self.fitting(error.abandonedLines, room: Self.limit - behind)
            guard shown < error.abandonedLines.count else {
                return renderer.lines(for: event, columns: columns)
            }
            open = true
            hiddenLines = error.abandonedLines.count - shown
            let kept = Array(error.abandonedLines.prefix(shown))
            return kept.map { renderer.style.reply(VisibleText.escape($0.raw), code: $0.code) }
        case .reply(let display) where open || display.reply.lines.count > 2:
            let reply = display.reply
            let shown = open ? 0 : Self.fitting(reply.lines.dropLast(), room: Self.limit - behind)
            guard open || shown < reply.lines.count - 1 else {
                return renderer.lines(for: event, columns: columns)
            }
            hiddenLines += reply.lines.count - 1 - shown
            let kept = Reply(code: reply.code, lines: Array(reply.lines.prefix(shown)) + [reply.lines[reply.lines.count - 1]])
            let folded = ReplyDisplay(
                reply: kept, context: display.context, elapsedMilliseconds: display.elapsedMilliseconds,
                answering: display.answering, hintSession: display.hintSession)
            var lines = renderer.lines(for: .reply(folded), columns: columns)
            lines.insert(summary(recording: recording, renderer: renderer), at: shown)
            close()
            return lines
        default:
            let rest = renderer.lines(for: event, columns: columns)
            guard open else { return rest }
            let line = summary(recording: recording, renderer: renderer)
            close()
            return [line] + rest
        }
    }

    /// The summary of an open fold, which it closes (when the console leaves mid-reply);
    /// nothing when no fold is open.
    mutating func end(recording: Bool, renderer: ConsoleRenderer) -> [String] {
        guard open else { return [] }
        defer { close() }
        return [summary(recording: recording, renderer: renderer)]
    }

    private mutating func close() {
        open = false
        hiddenLines = 0
    }

    /// `… 1,204,311 more lines of this reply (all in the transcript)`.
    private func summary(recording: Bool, renderer: ConsoleRenderer) -> String {
        let kept = recording ? "all in the transcript" : "not kept: --record or /record keeps them"
        let noun = hiddenLines == 1 ? "line" : "lines"
        return renderer.style.annotation("… \(Self.grouped(hiddenLines)) more \(noun) of this reply (\(kept))")
    }

    /// How many of `lines`, from the first, fit in `room` bytes of screen text (each line's
    /// bytes plus its colour and line break).
    private static func fitting<C: Collection>(_ lines: C, room: Int) -> Int where C.Element == ReplyLine {
        var left = room
        var count = 0
        for line in lines {
            left -= line.raw.count + 16
            if left < 0 { break }
            count += 1
        }
        return count
    }

    /// `1,204,311`: a count with its thousands grouped.
    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
