import Glibc
import Synchronization

/// Writes transcript entries to a file, each line on disk as soon as it is on the wire.
///
/// Every entry is one `write(2)` of a whole line (no user-space buffering), so a crash
/// or a killed process never loses a line that was sent or received.
public final class TranscriptWriter: @unchecked Sendable {
    public let path: String
    public let format: TranscriptFormat
    public let keepSecrets: Bool
    private let fd: Int32
    /// `true` once closed. Also serialises writes: entries come from the network thread and the console.
    private let closed = Mutex(false)

    /// Opens (creating with mode 0600, or appending to) the file at `path`.
    /// - Throws: `TranscriptError` naming the path and the system's reason.
    public init(path: String, format: TranscriptFormat? = nil, keepSecrets: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw TranscriptError(message: "cannot open transcript \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.path = path
        self.format = format ?? TranscriptFormat(path: path)
        self.keepSecrets = keepSecrets
    }

    deinit { close() }

    /// Appends one entry. Errors are returned, not thrown, so a full disk is reported
    /// once by the caller without interrupting the SMTP session.
    @discardableResult
    public func write(_ entry: TranscriptEntry) -> TranscriptError? {
        let line = Array(format.line(for: entry, keepSecrets: keepSecrets).utf8)
        return closed.withLock { closed in
            guard !closed else { return TranscriptError(message: "transcript \(path) is closed") }
            var offset = 0
            while offset < line.count {
                let n = line[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return TranscriptError(message: "cannot write transcript \(path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
            return nil
        }
    }

    /// Closes the file; later writes report an error.
    public func close() {
        closed.withLock { closed in
            if !closed {
                closed = true
                _ = Glibc.close(fd)
            }
        }
    }
}

/// A transcript file that could not be opened or written; `message` names the path and reason.
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
