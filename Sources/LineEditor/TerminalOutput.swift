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
    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Clears the wake-up descriptor after it was seen readable.
    func drainWake() {
        var count: UInt64 = 0
        _ = read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
    }

    /// Takes everything queued, with a note first when text had to be dropped.
    func takePending() -> String {
        state.withLock { state in
            var text =
                state.droppedLines > 0
                ? "[\(state.droppedLines) earlier output line(s) dropped: the terminal fell behind]\n" : ""
            text += state.pending.joined()
            state.pending.removeAll()
            state.pendingBytes = 0
            state.droppedLines = 0
            return text
        }
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
