import CEditShim
import CLibEdit
import Glibc

/// The read-character function: waits on the keyboard, the output queue
/// and the signal pipe at once, so output and signals are handled between
/// keystrokes by the thread that owns the terminal.
extension LineEditor {
    /// libedit's contract: 1 with a character, 0 at end of input, -1 with
    /// errno (EINTR makes `el_gets` give up the line: Ctrl-C).
    func nextCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        while true {
            guard let ready = waitForEvents() else { return -1 }
            let signals = ready.signals ? readSignals() : []
            if terminationSignal != nil {
                moveBelowEditArea()
                return 0  // SIGHUP or SIGTERM: the read ends as at Ctrl-D
            }
            if handleSignals(signals) {
                moveBelowEditArea()
                interrupted = true
                errno = EINTR
                return -1
            }
            if ready.output {
                // A piece at a time, so that keys and signals are read between pieces on a
                // terminal that takes its output slowly.
                output.drainWake()
                let (text, more) = output.takePending(maximumBytes: Self.outputPiece)
                redrawInPlace(printing: text)
                if more { output.wake() }
            }
            // Keys already waiting (a paste) go before events: lines pasted together go out
            // together, and what they cause is shown after them. A paste longer than the
            // limit still lets events in between.
            let eventWaits = ready.event && ready.input && inputAheadOfEvents < Self.inputAheadLimit
            inputAheadOfEvents = eventWaits ? inputAheadOfEvents + 1 : 0
            if ready.event, !eventWaits, let eventSource, eventSource.handle() {
                // Anything the handler queued is printed when the read ends.
                wokenLine = currentLine().whole
                moveBelowEditArea()
                errno = EINTR
                return -1
            }
            if ready.input {
                var byte: UInt8 = 0
                let count = read(0, &byte, 1)
                if count == 0 { return 0 }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return 0  // EIO: the terminal hung up
                }
                var wide: wchar_t = 0
                let used = withUnsafePointer(to: &byte) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: 1) { mbrtowc(&wide, $0, 1, &decoder) }
                }
                switch used {
                case size_t.max - 1:
                    continue  // more bytes of this character to come
                case size_t.max:
                    decoder = mbstate_t()  // invalid UTF-8: drop it
                    continue
                default:
                    character.pointee = wide
                    return 1
                }
            }
        }
    }

    /// Which descriptors are readable: the signal pipe, the output queue's
    /// wake-up, the keyboard. Waits as long as needed; nil on a poll error.
    func waitForEvents() -> (signals: Bool, output: Bool, input: Bool, event: Bool)? {
        var fds = [
            pollfd(fd: signalRead, events: Int16(POLLIN), revents: 0),
            pollfd(fd: output.wakeDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
        ]
        // The event source makes output: it waits while the terminal is behind, and what it
        // stands for waits with it (the network's events, and behind them the server).
        if let eventSource, output.pendingByteCount < Self.eventBacklogLimit {
            fds.append(pollfd(fd: eventSource.descriptor, events: Int16(POLLIN), revents: 0))
        }
        while poll(&fds, nfds_t(fds.count), -1) < 0 {
            if errno != EINTR { return nil }
        }
        return (fds[0].revents != 0, fds[1].revents != 0, fds[2].revents != 0, fds.count > 3 && fds[3].revents != 0)
    }

    /// The signal pipe's read end, for callers that wait outside a read (Ctrl-C ends the wait).
    public var signalDescriptor: Int32 { signalRead }

    /// The signal numbers waiting in the self-pipe.
    func readSignals() -> [Int32] {
        var bytes = [UInt8](repeating: 0, count: 64)
        var signals: [Int32] = []
        while true {
            let count = read(signalRead, &bytes, bytes.count)
            guard count > 0 else { break }
            signals += bytes[0..<count].map { Int32($0) }
        }
        if terminationSignal == nil, let ending = signals.first(where: { $0 == SIGHUP || $0 == SIGTERM }) {
            terminationSignal = ending
        }
        return signals
    }

    /// Acts on signals while a line is edited; true for Ctrl-C.
    private func handleSignals(_ signals: [Int32]) -> Bool {
        guard !signals.isEmpty else { return false }
        if signals.contains(SIGTSTP) {
            suspend()
        } else if signals.contains(SIGWINCH) || signals.contains(SIGCONT) {
            // After a plain SIGCONT (kill -STOP/-CONT) the shell may have
            // reset the terminal: re-enter raw mode before redrawing.
            _ = shim_el_prep_term(editLine, 1)
            shim_el_resize(editLine)
            redrawInPlace(printing: "")
        }
        return signals.contains(SIGINT)
    }

    /// Signals that came while no line was edited: a stale Ctrl-C is
    /// dropped (it belonged to no line), a stale Ctrl-Z still suspends.
    func handleStaleSignals() {
        let signals = readSignals()
        if signals.contains(SIGTSTP) {
            shim_suspend_self()
        }
        if signals.contains(SIGWINCH) {
            shim_el_resize(editLine)
        }
    }

    /// Ctrl-Z: leave the edit area and raw mode, stop, and on resume come
    /// back in raw mode with the line redrawn on a fresh row.
    private func suspend() {
        moveBelowEditArea()
        _ = shim_el_prep_term(editLine, 0)
        shim_suspend_self()
        _ = shim_el_prep_term(editLine, 1)
        shim_el_resize(editLine)
        Terminal.write("\r" + Terminal.clearToEnd)
        _ = shim_el_refresh(editLine)
    }

    /// The text before the cursor and the whole line, as libedit holds them.
    func currentLine() -> (beforeCursor: String, whole: String) {
        guard let info = shim_el_line(editLine)?.pointee, let buffer = info.buffer else { return ("", "") }
        let before = UnsafeBufferPointer(start: buffer, count: max(0, info.cursor - buffer))
        let whole = UnsafeBufferPointer(start: buffer, count: max(0, info.lastchar - buffer))
        return (
            String(decoding: before.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            String(decoding: whole.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        )
    }

    /// Rows of the edit area: the cursor's and the last one, counted from
    /// the prompt's row.
    private func editAreaRows() -> (cursor: Int, last: Int) {
        let layout = Layout(columns: Int(shim_el_columns(editLine)))
        let (before, whole) = currentLine()
        let start = layout.position(after: prompt.visible.unicodeScalars)
        let cursor = layout.position(after: before.unicodeScalars, from: start)
        let last = layout.position(after: whole.unicodeScalars, from: start)
        return (cursor.row, last.row)
    }

    /// Prints `text` where the edit area starts, then has libedit draw the
    /// prompt and line again below it with the cursor where it was.
    func redrawInPlace(printing text: String) {
        let rows = editAreaRows()
        let above = rows.cursor + (statusShown ? 1 : 0)
        let status = statusText.map { $0 + "\r\n" } ?? ""
        statusShown = statusText != nil
        Terminal.write("\r" + Terminal.up(above) + Terminal.clearToEnd + Terminal.rawLines(text) + status)
        if let promptProvider { setPrompt(promptProvider()) }
        _ = shim_el_refresh(editLine)
    }

    /// Puts the cursor at the start of the row below the edit area, leaving
    /// the line visible (before Ctrl-C, Ctrl-Z or a completion listing).
    func moveBelowEditArea() {
        let rows = editAreaRows()
        Terminal.write(Terminal.down(rows.last - rows.cursor) + "\r\n")
    }
}
