import CEditShim
import CLibEdit
import Glibc
import SystemIO

/// A libedit line editor that other threads can print above while a line is typed.
///
/// One thread owns the terminal: it creates the editor and calls
/// `readLine(prompt:)` / `readSecret(prompt:)`. Any thread may call
/// `output.print(_:)`. Signals are routed through a self-pipe while the
/// editor exists (only one editor per process): Ctrl-C discards the line,
/// Ctrl-Z suspends cleanly, a resize redraws, SIGPIPE is ignored.
public final class LineEditor {
    /// Whether standard input and output are both terminals; without them
    /// use a plain line reader instead of this editor.
    public static var isTerminal: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Where any thread hands text to print above the prompt.
    public let output: TerminalOutput
    /// Called on TAB with the text before the cursor; nil makes TAB beep.
    public var completer: ((String) -> Completion)?
    /// Asked for the prompt again whenever queued output is printed during `readLine`,
    /// so a prompt showing state (e.g. DATA mode after a late 354) is never stale.
    public var promptProvider: (() -> String)?
    /// Another descriptor to watch while a line is read (see `EventSource`).
    public var eventSource: EventSource?
    /// The line typed when the event source ended a read early.
    var wokenLine: String?
    /// Bytes read in a row while the event source also had something (see `nextCharacter`).
    var inputAheadOfEvents = 0
    /// The most bytes read in a row before a waiting event is handled anyway.
    static let inputAheadLimit = 4096
    /// The most queued output written to the terminal between two looks at the keyboard.
    static let outputPiece = 32 << 10
    /// Queued output above which the event source is not watched until the terminal has
    /// taken more of it.
    static let eventBacklogLimit = 64 << 10
    /// A status line drawn just above the prompt (a progress bar), and whether one is on screen.
    var statusText: String?
    var statusShown = false

    let editLine: OpaquePointer
    private let history: OpaquePointer
    private var historyFile: String?
    /// Something about the history file the user should know (not a regular file, too
    /// large), to show once at start; nil when it loaded normally.
    public private(set) var historyNote: String?
    /// The most of a history file read at start: its last MiB.
    public static let historyReadLimit = 1 << 20
    let signalRead: Int32
    private let signalWrite: Int32
    /// The current prompt, owned here because libedit keeps asking for it.
    private var promptStorage: UnsafeMutablePointer<CChar>
    /// The current prompt's visible text, for layout arithmetic.
    private(set) var prompt = Prompt("")
    /// UTF-8 decoding state across single-byte reads.
    var decoder = mbstate_t()
    /// Set when Ctrl-C ended the current `el_gets`.
    var interrupted = false
    /// SIGHUP or SIGTERM arrived: every read from now on ends at once as end of input, so
    /// the program leaves as at Ctrl-D (and can exit with 128 + this number).
    public internal(set) var terminationSignal: Int32?

    /// Sets up libedit on the terminal: emacs keys, `~/.editrc`, history, TAB.
    public init(configuration: LineEditorConfiguration = LineEditorConfiguration()) throws(LineEditorError) {
        guard Self.isTerminal else { throw LineEditorError("standard input and output must be a terminal") }
        _ = shim_setup_utf8_locale()
        output = try TerminalOutput()

        var fds: [Int32] = [-1, -1]
        guard shim_pipe(&fds) == 0 else { throw LineEditorError("cannot create the signal pipe (errno \(errno))") }
        signalRead = fds[0]
        signalWrite = fds[1]

        if let reason = shim_edit_load() {
            close(fds[0])
            close(fds[1])
            throw LineEditorError("the line editor needs libedit (Debian: libedit2): \(String(cString: reason))")
        }
        guard let el = shim_el_init(configuration.programName) else {
            close(fds[0])
            close(fds[1])
            throw LineEditorError("libedit could not initialise the terminal")
        }
        guard let hist = shim_history_init() else {
            shim_el_end(el)
            close(fds[0])
            close(fds[1])
            throw LineEditorError("libedit could not create a history")
        }
        editLine = el
        history = hist
        historyFile = configuration.historyFile
        promptStorage = strdup("")!

        shim_guard_terminal(0)
        _ = shim_signals_install(signalWrite)
        configureHistory(limit: configuration.historyLimit)
        configureEditor(readsEditrc: configuration.readsEditrc)
    }

    deinit {
        shim_el_end(editLine)
        shim_history_end(history)
        shim_signals_restore()
        close(signalRead)
        close(signalWrite)
        free(promptStorage)
    }

    /// Loads the history file and links history to the editor (up-arrow).
    private func configureHistory(limit: Int) {
        _ = shim_history_setsize(history, Int32(clamping: max(1, limit)))
        _ = shim_history_setunique(history, 1)
        if let historyFile { loadHistory(from: historyFile) }
        _ = shim_el_set_hist(editLine, history)
    }

    /// Installs the callbacks, emacs keys and TAB, then the user's editrc,
    /// which comes last so that it may override any binding.
    private func configureEditor(readsEditrc: Bool) {
        _ = shim_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = shim_el_set_signal(editLine, 0)
        _ = shim_el_set_editor(editLine, "emacs")
        _ = shim_el_set_prompt_esc(editLine, promptCallback, CChar(bitPattern: Prompt.marker))
        _ = shim_el_set_getc(editLine, readCharacterCallback)
        _ = shim_el_addfn(editLine, "line-editor-complete", "Complete the word before the cursor", completeCallback)
        _ = shim_el_bind(editLine, "^I", "line-editor-complete")
        if readsEditrc {
            _ = shim_el_source(editLine, nil)
        }
    }

    /// Shows `text` as a status line just above the prompt (replacing the previous one),
    /// or removes it (nil). Only the editing thread may call it; the text must fit one row.
    public func setStatus(_ text: String?) {
        statusText = text
        output.requestRedraw()
    }

    /// The terminal's width in columns.
    public var columns: Int { Int(shim_el_columns(editLine)) }

    /// Prints text above the prompt; the same as `output.print(_:)`.
    public func print(_ text: String) {
        output.print(text)
    }

    /// Reads one line with full editing, printing queued output above it.
    ///
    /// `prompt` may change between calls and may contain colour escape
    /// sequences; they do not count towards the cursor position.
    public func readLine(prompt: String, initial: String = "") -> ReadResult {
        setPrompt(prompt)
        output.beginEditing()
        defer { output.endEditing() }
        handleStaleSignals()
        if terminationSignal != nil { return .endOfFile }
        interrupted = false
        wokenLine = nil
        statusShown = false
        decoder = mbstate_t()
        if !initial.isEmpty { shim_el_push(editLine, initial) }

        var count: Int32 = 0
        let result: ReadResult
        if let text = shim_el_gets(editLine, &count), count > 0 {
            var line = String(cString: text)
            if line.hasSuffix("\n") { line.removeLast() }
            result = .line(line)
        } else if interrupted {
            result = .interrupted
        } else if let wokenLine {
            result = .woken(wokenLine)
        } else {
            Terminal.write("\r\n")
            result = .endOfFile
        }
        return result
    }

    /// Replaces the prompt libedit draws.
    func setPrompt(_ text: String) {
        let next = Prompt(text)
        guard next.marked != prompt.marked else { return }
        free(promptStorage)
        promptStorage = strdup(next.marked)!
        prompt = next
    }

    /// The prompt for libedit's callback.
    fileprivate var promptPointer: UnsafeMutablePointer<CChar> { promptStorage }

    /// Adds `line` to history and saves the file at once, so a crash loses
    /// nothing. The caller decides what must never be stored.
    public func addHistory(_ line: String) {
        guard line.contains(where: { !$0.isWhitespace }) else { return }
        _ = shim_history_enter(history, line)
        saveHistory()
    }

    /// Number of entries in history.
    public var historyCount: Int { Int(shim_history_count(history)) }

    /// Loads the history file, bounded: a path that is not a regular file (`/dev/full`,
    /// `/dev/zero`, a pipe) is not read, and history then stays in memory; a file over
    /// ``historyReadLimit`` is read from its last MiB only.
    private func loadHistory(from path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }  // missing: created on the first save
        guard info.st_mode & S_IFMT == S_IFREG else {
            historyNote = "history file \(path) is not a regular file: not read, and history is kept in memory only"
            historyFile = nil
            return
        }
        guard info.st_size > Self.historyReadLimit else {
            _ = shim_history_load(history, path)
            return
        }
        historyNote = "history file \(path) is larger than \(Self.historyReadLimit >> 20) MiB: only its last MiB was read"
        guard let tail = Self.tail(of: path, size: Int(info.st_size)) else { return }
        guard case .success(let (fd, temporary)) = makeTemporaryFile(prefix: "smtpc-history", in: "/tmp") else { return }
        defer { unlink(temporary) }
        let written = tail.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == tail.count { _ = shim_history_load(history, temporary) }
    }

    /// Writes history to a temporary file beside the real one, restricts it
    /// to the owner, and renames it over the real one (atomic replacement).
    ///
    /// A failure (a full disk, a directory that cannot be written) is printed once; the
    /// history then lives on in memory and the session goes on.
    private func saveHistory() {
        guard let historyFile else { return }
        Self.makeParentDirectory(of: historyFile)
        let temporary = "\(historyFile).\(getpid()).tmp"
        guard shim_history_save(history, temporary) >= 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            reportSaveFailure("cannot save history to \(historyFile): \(reason)")
            return
        }
        chmod(temporary, 0o600)
        if rename(temporary, historyFile) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            reportSaveFailure("cannot save history to \(historyFile): \(reason)")
        }
    }

    private var reportedSaveFailure = false

    private func reportSaveFailure(_ message: String) {
        guard !reportedSaveFailure else { return }
        reportedSaveFailure = true
        output.print("smtpc: \(message) (history is kept in memory; said once)")
    }
}

/// libedit asks for the prompt on every redraw.
private let promptCallback: shim_prompt_fn = { el in
    guard let el, let editor = LineEditor.owner(of: el) else { return nil }
    return editor.promptPointer
}

/// libedit reads each character through the editor.
private let readCharacterCallback: shim_getc_fn = { el, character in
    guard let el, let character, let editor = LineEditor.owner(of: el) else {
        errno = EIO
        return -1
    }
    return editor.nextCharacter(into: character)
}

/// TAB: ask the completer.
private let completeCallback: shim_bound_fn = { el, _ in
    guard let el, let editor = LineEditor.owner(of: el) else { return UInt8(CC_ERROR) }
    return editor.complete()
}

extension LineEditor {
    /// The editor stored in libedit's client data.
    static func owner(of el: OpaquePointer) -> LineEditor? {
        guard let raw = shim_el_get_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(raw).takeUnretainedValue()
    }
}
