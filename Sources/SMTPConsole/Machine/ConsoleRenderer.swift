import SMTPCore

/// Display events to screen lines: one pure function shared by the interactive console and
/// script mode (and later by transcript replay and rendering). Colour is decided once, in
/// `style`; whether a progress bar can be drawn, in `isTerminal`.
struct ConsoleRenderer: Sendable {
    let style: Style
    /// A terminal gets a redrawn progress bar; a pipe gets a line at each quarter.
    let isTerminal: Bool
    /// `--quiet`: only what the server sent (reply lines as received, coloured) and smtpc's
    /// own errors; no annotations, hints, events, echoes, warnings or progress.
    let quiet: Bool
    private let replies: ReplyRenderer

    init(style: Style, isTerminal: Bool, quiet: Bool = false) {
        self.style = style
        self.isTerminal = isTerminal
        self.quiet = quiet
        self.replies = ReplyRenderer(style: style)
    }

    /// The lines for `event` (each without a newline; none may hold a control character
    /// from the network or typed). Text that quotes a line — a warning naming a typed
    /// parameter, an error naming a file — is escaped here, at the last step, whoever made
    /// it (escaping is idempotent: escaped text is printable and stays as it is).
    /// `columns`, on a terminal, keeps annotations to one screen line.
    func lines(for event: DisplayEvent, columns: Int? = nil) -> [String] {
        if quiet, let lines = quietLines(for: event) { return lines }
        switch event {
        case .event(let text):
            return [style.event("--- " + VisibleText.escape(text))]
        case .reply(let display):
            var lines = replies.render(
                display.reply, context: display.context, elapsedMilliseconds: display.elapsedMilliseconds,
                answering: display.answering, columns: columns)
            if let hint = display.hint { lines.append(style.hint("  hint: " + VisibleText.escape(hint))) }
            return lines
        case .malformed(let error):
            var lines = error.abandonedLines.map { style.reply(VisibleText.escape($0.raw), code: $0.code) }
            if !error.line.isEmpty, !error.lineStartsNextReply {
                // The screen shows the line's start; a transcript keeps all of it.
                let cut = error.excerpt.count < error.line.count ? " … (\(error.lineLength) bytes)" : ""
                lines.append(VisibleText.escape(error.excerpt) + style.annotation(cut))
            }
            lines.append(style.error("  ! malformed reply: \(VisibleText.escape(error.message))"))
            return lines
        case .echo(let text, let note):
            let noted = note.map { style.annotation("   (\(VisibleText.escape($0)))") } ?? ""
            return [style.annotation("> ") + VisibleText.escape(text) + noted]
        case .hint(let text):
            return [style.hint("  " + VisibleText.escape(text))]
        case .warning(let text):
            return [style.warning("  ! " + VisibleText.escape(text))]
        case .commandWarnings(let line, let before):
            return before.session.warnings(for: line).map { style.warning("  ! " + VisibleText.escape($0)) }
        case .error(let text):
            return [style.error("smtpc: " + VisibleText.escape(text))]
        case .connectFailed(let target, let error):
            return ConnectFailure.lines(for: error, target: target, style: style)
        case .tlsFailed(let error):
            return ConnectFailure.tlsFailureLines(error, style: style)
        case .progress(let progress):
            // On a terminal the bar is a status line (see `statusLine`); a pipe gets quarters.
            guard !isTerminal, progress.passedQuarter else { return [] }
            return [style.hint("  sent \(Self.mebibytes(progress.sent)) of \(Self.mebibytes(progress.total)) MiB")]
        case .text(let lines):
            return lines
        }
    }

    /// `--quiet`'s lines: the server's bytes as received (made visible); nil for what
    /// shows as usual (errors, meta-command output).
    private func quietLines(for event: DisplayEvent) -> [String]? {
        switch event {
        case .reply(let display):
            return display.reply.lines.map { style.reply(VisibleText.escape($0.raw), code: $0.code) }
        case .malformed(let error):
            var lines = error.abandonedLines.map { style.reply(VisibleText.escape($0.raw), code: $0.code) }
            if !error.line.isEmpty, !error.lineStartsNextReply { lines.append(VisibleText.escape(error.excerpt)) }
            return lines
        case .error, .connectFailed, .tlsFailed, .text:
            return nil
        case .event, .echo, .hint, .warning, .commandWarnings, .progress:
            return []
        }
    }

    /// The progress bar for a terminal's status line; nil removes it.
    func statusLine(for progress: TransferProgress, columns: Int) -> String? {
        guard isTerminal, !progress.finished else { return nil }
        let fraction = progress.total > 0 ? min(1, Double(progress.sent) / Double(progress.total)) : 1
        let rate = progress.bytesPerSecond
        let remaining = rate > 0 ? Double(progress.total - progress.sent) / rate : 0
        let figures =
            " \(Int(fraction * 100))% \(Self.mebibytes(progress.sent))/\(Self.mebibytes(progress.total)) MiB"
            + " \(Self.mebibytes(Int(rate))) MiB/s ETA \(Self.duration(remaining))"
        let width = max(10, min(40, columns - figures.count - 3))
        let filled = Int(fraction * Double(width))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
        return style.hint(bar + figures)
    }

    /// Bytes in MiB with one decimal.
    static func mebibytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `1:05` or `0:03` for a number of seconds.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return "\(whole / 60):" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)"
    }
}
