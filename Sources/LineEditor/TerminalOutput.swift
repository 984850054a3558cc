import Glibc
import Synchronization

/// Output that any thread may hand to the terminal while a line is being edited.
///
/// Other threads never write to the terminal while the editor owns it: they
/// append to this queue and signal a wake-up descriptor, and the editing
/// thread prints the text above the prompt and redraws the half-typed line.
/// When no line is being edited, text is written at once.
public final class TerminalOutput: Sendable {
    /// Most bytes held while the editing thread is busy; older text beyond
    /// this is dropped (and the drop reported) so memory stays bounded.
    static let maxPendingBytes = 1 << 20

    private struct State {
        var pending: [String] = []
        var pendingBytes = 0
        var droppedLines = 0
        var editing = false
    }

    private let state = Mutex(State())
    /// The eventfd the editing thread polls; written once per queued text.
    let wakeDescriptor: Int32

    init() throws(LineEditorError) {
        let fd = shimEventDescriptor()
        guard fd >= 0 else { throw LineEditorError("cannot create a wake-up descriptor (errno \(errno))") }
        wakeDescriptor = fd
    }

    deinit {
        close(wakeDescriptor)
    }

    /// Prints `text` (one or more lines; a final newline is added when
    /// missing) above the prompt, from any thread.
    public func print(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        let queued: Bool = state.withLock { state in
            guard state.editing else {
                Terminal.write(line)
                return false
            }
            state.pending.append(line)
            state.pendingBytes += line.utf8.count
            while state.pendingBytes > Self.maxPendingBytes, state.pending.count > 1 {
                let dropped = state.pending.removeFirst()
                state.pendingBytes -= dropped.utf8.count
                state.droppedLines += 1
            }
            return true
        }
        if queued { wake() }
    }

    /// Asks the editing thread to redraw (a new status line) even with no text queued.
    func requestRedraw() {
        let editing = state.withLock { $0.editing }
        if editing { wake() }
    }

    /// Signals the editing thread that text is waiting.
    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Clears the wake-up descriptor after it was seen readable.
    func drainWake() {
        var count: UInt64 = 0
        _ = read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
    }

    /// Bytes queued and not yet written to the terminal: how far the screen is behind.
    public var pendingByteCount: Int {
        state.withLock { $0.pendingBytes }
    }

    /// Takes what is queued, up to about `maximumBytes` (whole lines, at least one), with a
    /// note first when text had to be dropped; `more` says whether text is left.
    func takePending(maximumBytes: Int = .max) -> (text: String, more: Bool) {
        state.withLock { state in
            var text =
                state.droppedLines > 0
                ? "[\(state.droppedLines) earlier output line(s) dropped: the terminal fell behind]\n" : ""
            state.droppedLines = 0
            var taken = 0
            while taken < state.pending.count, text.utf8.count < maximumBytes {
                let next = state.pending[taken]
                let room = maximumBytes - text.utf8.count
                if next.utf8.count > room, let cut = Self.lineBreak(in: next, before: room) {
                    // Queued text is whole lines: a long one is taken up to a line break.
                    text += next[..<cut]
                    state.pending[taken] = String(next[cut...])
                    break
                }
                text += next
                taken += 1
            }
            state.pending.removeFirst(taken)
            state.pendingBytes = state.pending.reduce(0) { $0 + $1.utf8.count }
            return (text, !state.pending.isEmpty)
        }
    }

    /// The index just after the last line break of `text` within its first `limit` bytes.
    private static func lineBreak(in text: String, before limit: Int) -> String.Index? {
        let utf8 = text.utf8
        let end = utf8.index(utf8.startIndex, offsetBy: max(0, limit), limitedBy: utf8.endIndex) ?? utf8.endIndex
        guard let newline = utf8[..<end].lastIndex(of: UInt8(ascii: "\n")) else { return nil }
        return utf8.index(after: newline)
    }

    /// Marks the start of editing: from now on text is queued, not written.
    func beginEditing() {
        flush(editingAfterwards: true)
    }

    /// Marks the end of editing and writes whatever was queued meanwhile.
    func endEditing() {
        flush(editingAfterwards: false)
    }

    /// Writes queued text directly and sets the editing flag, atomically, so
    /// no text is lost or written out of order at the switch.
    private func flush(editingAfterwards: Bool) {
        state.withLock { state in
            if state.droppedLines > 0 {
                Terminal.write("[\(state.droppedLines) earlier output line(s) dropped: the terminal fell behind]\n")
            }
            for text in state.pending { Terminal.write(text) }
            state.pending.removeAll()
            state.pendingBytes = 0
            state.droppedLines = 0
            state.editing = editingAfterwards
        }
    }
}
