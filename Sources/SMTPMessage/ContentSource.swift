import Glibc

/// Where the content of an attachment or inline image comes from: bytes in memory, or a
/// file read block by block while the message is written, so that it is never held whole.
public enum ContentSource: Sendable, Hashable {
    /// The content itself.
    case bytes([UInt8])
    /// A regular file, by its path: opened when the message is prepared, read as it is written.
    case file(String)
}

/// A content source made ready to read: a file opened, its descriptor kept (and closed when
/// this goes) so that a file that cannot be read fails before anything is written; its size
/// from fstat(2).
///
/// Reads go by offset (pread(2)), so the content can be read more than once: the scan that
/// chooses the encoding, then each writing of the message.
final class OpenedContent {
    /// Octets per block: 57 × 1,024, near 64 KiB and a multiple of 57, the octets of one
    /// base64 line of 76 characters, so that every block but the last makes whole lines.
    static let blockSize = 57 * 1024
    /// Octets the media type guess reads from the start.
    static let sniffLength = 4096

    /// Octets of content.
    let size: Int
    /// The content when it is in memory.
    private let bytes: [UInt8]
    /// The file's descriptor; -1 for content in memory.
    private let descriptor: Int32
    /// The file's path, for errors; empty for content in memory.
    let path: String

    /// `source` opened: a file must open for reading and be a regular file.
    init(_ source: ContentSource) throws(MessageBuildError) {
        switch source {
        case .bytes(let bytes):
            (self.bytes, size, descriptor, path) = (bytes, bytes.count, -1, "")
        case .file(let path):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .unreadableFile(path, reason: Self.reason(errno)) }
            var status = stat()
            let reason: String? =
                fstat(descriptor, &status) != 0
                ? Self.reason(errno) : status.st_mode & S_IFMT != S_IFREG ? "not a regular file" : nil
            if let reason {
                close(descriptor)
                throw .unreadableFile(path, reason: reason)
            }
            (bytes, size, self.descriptor, self.path) = ([], Int(status.st_size), descriptor, path)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The first octets, at most `sniffLength`, for the media type guess.
    func prefix() throws(MessageBuildError) -> ArraySlice<UInt8> {
        try read(at: 0, count: min(Self.sniffLength, size))
    }

    /// The block at `offset`: `blockSize` octets, or what is left of `size`. For a file, an
    /// error when it has fewer octets than `size` there, or more at its end: it changed
    /// since it was opened, and the encoding chosen and the sizes shown would be wrong.
    func block(at offset: Int) throws(MessageBuildError) -> ArraySlice<UInt8> {
        let count = min(Self.blockSize, size - offset)
        let block = try read(at: offset, count: count)
        if descriptor >= 0 && offset + count == size {
            var extra: UInt8 = 0
            if try readFile(into: &extra, count: 1, at: size) != 0 { throw .fileChanged(path) }
        }
        return block
    }

    /// `count` octets at `offset`.
    private func read(at offset: Int, count: Int) throws(MessageBuildError) -> ArraySlice<UInt8> {
        guard descriptor >= 0 else { return bytes[offset..<offset + count] }
        var failure: MessageBuildError?
        let block = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                do throws(MessageBuildError) {
                    let got = try readFile(into: buffer.baseAddress! + initialized, count: count - initialized, at: offset + initialized)
                    guard got > 0 else { throw MessageBuildError.fileChanged(path) }
                    initialized += got
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        return block[...]
    }

    /// One pread(2), again after EINTR: the octets read, 0 at the end of the file.
    private func readFile(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(MessageBuildError) -> Int {
        while true {
            let got = pread(descriptor, buffer, count, off_t(offset))
            if got >= 0 { return got }
            if errno != EINTR { throw .unreadableFile(path, reason: Self.reason(errno)) }
        }
    }

    /// The system's text for `code`: `No such file or directory`.
    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
