/// What one call to `LineEditor.readLine(prompt:)` produced.
public enum ReadResult: Equatable, Sendable {
    /// A line the user entered, without its newline.
    case line(String)
    /// Ctrl-C: the half-typed line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfFile
    /// The event source asked for the read to end early; the text typed so far is
    /// given back (pass it to the next `readLine` as `initial` to keep it).
    case woken(String)
}

/// A descriptor the editor watches beside the keyboard (the network's event queue), with
/// the function that handles it on the editing thread.
public struct EventSource {
    /// Polled for readability.
    public let descriptor: Int32
    /// Called when `descriptor` is readable; returns `true` to end the current read early.
    public let handle: () -> Bool

    public init(descriptor: Int32, handle: @escaping () -> Bool) {
        self.descriptor = descriptor
        self.handle = handle
    }
}

/// The answer of a completion hook for the text before the cursor.
public struct Completion: Equatable, Sendable {
    /// The end of the text before the cursor that a candidate replaces
    /// (for example the partly typed word); empty to insert at the cursor.
    public var word: String
    /// Full replacements for `word`, inserted verbatim (include a trailing
    /// space in a candidate when one should follow it).
    public var candidates: [String]

    /// Creates an answer: `word` is replaced by a candidate.
    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    /// No candidates: TAB only beeps.
    public static let none = Completion(word: "", candidates: [])
}

/// A failure to set up the line editor.
public struct LineEditorError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for a one-line message.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// How a `LineEditor` is set up.
public struct LineEditorConfiguration: Sendable {
    /// The name libedit matches against `program:`-prefixed lines in ~/.editrc.
    public var programName: String
    /// Where history is loaded from and saved to (mode 0600); nil keeps it in memory only.
    public var historyFile: String?
    /// Most history entries kept (and saved).
    public var historyLimit: Int
    /// Whether to read `$EDITRC` or `~/.editrc`.
    public var readsEditrc: Bool

    /// Creates a configuration; the defaults suit smtpc.
    public init(
        programName: String = "smtpc",
        historyFile: String? = nil,
        historyLimit: Int = 1000,
        readsEditrc: Bool = true
    ) {
        self.programName = programName
        self.historyFile = historyFile
        self.historyLimit = historyLimit
        self.readsEditrc = readsEditrc
    }
}
