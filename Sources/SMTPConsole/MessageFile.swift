import Glibc

/// A message file opened for `/send` and `/bdat`, read in bounded blocks.
///
/// The file is never read whole: a large message goes out block by block, so memory
/// stays at one block (plus one line) whatever the file's size.
final class MessageFile {
    /// How much is read at a time for DATA: large writes, few wake-ups.
    static let blockSize = 256 * 1024
    /// The size of a BDAT chunk (RFC 3030 leaves it to the client; each is one command).
    static let chunkSize = 64 * 1024

    let path: String
    /// The size at opening, for progress lines.
    let size: Int
    /// Bytes read so far.
    private(set) var offset = 0
    private let descriptor: Int32

    /// Opens `path` for reading; a missing, unreadable or non-regular file is an error
    /// whose text names the file and the reason.
    init(path: String) throws(MessageFileError) {
        let expanded = PathCompletion.expandingTilde(path)
        let fd = open(expanded, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MessageFileError("cannot read \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw MessageFileError("cannot read \(path): \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw MessageFileError("cannot send \(path): not a regular file")
        }
        self.path = path
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// The next block of at most `maximum` bytes; empty at the end of the file.
    func read(maximum: Int = blockSize) throws(MessageFileError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 {
                offset += count
                buffer.removeLast(buffer.count - count)
                return buffer
            }
            if errno == EINTR { continue }
            throw MessageFileError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why a message file cannot be sent (shown to the user as is).
struct MessageFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
