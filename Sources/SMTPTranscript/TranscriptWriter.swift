import Glibc
import Synchronization
import SystemIO

/// Writes transcript entries to a file, each line on disk as soon as it is on the wire.
///
/// Every entry is one `write(2)` of a whole line (no user-space buffering), so a crash
/// or a killed process never loses a line that was sent or received.
public final class TranscriptWriter: @unchecked Sendable {
    /// What to do with a file that already holds something.
    public enum ExistingFile: Sendable {
        /// Refuse (``TranscriptError/Kind/exists``): a transcript is never appended to
        /// silently.
        case refuse
        /// Append, after a new header line (`--append`).
        case append
        /// Replace its contents (`--force`).
        case replace
    }

    public let path: String
    public let format: TranscriptFormat
    public let keepSecrets: Bool
    /// Text lines start with their time (`--timestamps`).
    public let timestamps: Bool
    private let fd: Int32
    /// What the writes share; the lock also serialises them.
    private struct State {
        /// `true` once closed.
        var closed = false
        /// A line written in pieces has begun and not ended yet.
        var lineOpen = false
        /// The end of the last piece: a UTF-8 sequence not complete yet.
        var carry: [UInt8] = []
    }
    private let state = Mutex(State())

    /// Opens the file at `path` (created with mode 0600) and writes `header` first.
    ///
    /// An existing regular file that is not empty is refused, appended to or replaced as
    /// `existing` says; devices, pipes and empty files are simply written to.
    /// - Throws: `TranscriptError` naming the path and the reason.
    public init(
        path: String, format: TranscriptFormat? = nil, header: TranscriptHeader, existing: ExistingFile = .refuse,
        keepSecrets: Bool = false, timestamps: Bool = false
    ) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw TranscriptError(kind: .cannotOpen, message: "cannot open transcript \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 {
            switch existing {
            case .refuse:
                Glibc.close(fd)
                throw TranscriptError(
                    kind: .exists,
                    message: "transcript \(path) already exists: add --append to add this session to it, or --force to replace it")
            case .replace:
                guard ftruncate(fd, 0) == 0 else {
                    let reason = String(cString: strerror(errno))
                    Glibc.close(fd)
                    throw TranscriptError(kind: .cannotOpen, message: "cannot replace transcript \(path): \(reason)")
                }
            case .append:
                break
            }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND)
        self.fd = fd
        self.path = path
        self.format = format ?? TranscriptFormat(path: path)
        self.keepSecrets = keepSecrets
        self.timestamps = timestamps
        // A file that opens but cannot be written (a full disk, /dev/full) does not stop the
        // session: the caller reports `headerError` once, as it does a later failed write.
        headerError = write(line: self.format.line(for: header))
    }

    /// Why the header line could not be written, when it could not.
    public private(set) var headerError: TranscriptError?

    deinit { close() }

    /// Appends one entry. Errors are returned, not thrown, so a full disk is reported
    /// once by the caller without interrupting the SMTP session.
    @discardableResult
    public func write(_ entry: TranscriptEntry) -> TranscriptError? {
        write(line: format.line(for: entry, keepSecrets: keepSecrets, timestamps: timestamps))
    }

    /// Appends a piece of a line still arriving: a server line longer than the reply parser
    /// holds is written as it comes, so memory stays bounded and the file holds every byte
    /// received. The first piece starts the line (its time is the line's), `endsLine`
    /// finishes it. An entry written meanwhile ends the open line first; the line's later
    /// pieces then start a new one.
    @discardableResult
    public func writePiece(_ entry: TranscriptEntry, endsLine: Bool) -> TranscriptError? {
        let format = format
        let timestamps = timestamps
        return write { state in
            var text = state.lineOpen ? "" : format.pieceStart(for: entry, timestamps: timestamps)
            var bytes = state.carry + entry.bytes
            state.carry = []
            if !endsLine {
                let held = VisibleBytes.incompleteSuffixLength(bytes)
                state.carry = Array(bytes.suffix(held))
                bytes.removeLast(held)
            }
            text += format.pieceText(bytes)
            if endsLine { text += format.pieceEnd }
            state.lineOpen = !endsLine
            return text
        }
    }

    /// Writes a whole line, after ending a line left open by ``writePiece(_:endsLine:)``.
    private func write(line text: String) -> TranscriptError? {
        let format = format
        return write { state in
            guard state.lineOpen else { return text }
            defer {
                state.lineOpen = false
                state.carry = []
            }
            return format.pieceText(state.carry) + format.pieceEnd + text
        }
    }

    /// Writes what `make` returns, under the lock.
    private func write(_ make: (inout State) -> String) -> TranscriptError? {
        state.withLock { state in
            guard !state.closed else { return TranscriptError(kind: .cannotWrite, message: "transcript \(path) is closed") }
            guard let failure = writeAll(fd, make(&state)) else { return nil }
            return TranscriptError(
                kind: .cannotWrite, message: "cannot write transcript \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// Closes the file; later writes report an error.
    public func close() {
        state.withLock { state in
            if !state.closed {
                if state.lineOpen {
                    writeAll(fd, format.pieceText(state.carry) + format.pieceEnd)
                }
                state.closed = true
                _ = Glibc.close(fd)
            }
        }
    }
}

/// A transcript file that could not be opened or written; `message` names the path and reason.
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The file holds an earlier transcript and neither append nor replace was asked.
        case exists
        case cannotOpen
        case cannotWrite
    }
    public let kind: Kind
    public let message: String
    public var description: String { message }
}
