import Glibc

/// The history file on disk: its tail read within the limit, its directory made.
extension LineEditor {
    /// The history file's header line (if it has one) and its last whole lines within the limit.
    static func tail(of path: String, size: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let header = Array("_HiStOrY_V2_\n".utf8)
        var first = [UInt8](repeating: 0, count: header.count)
        let hasHeader = read(fd, &first, first.count) == header.count && first == header
        var buffer = [UInt8](repeating: 0, count: historyReadLimit)
        let count = pread(fd, &buffer, buffer.count, off_t(size - historyReadLimit))
        guard count > 0, let newline = buffer[..<count].firstIndex(of: 0x0A) else { return nil }
        return (hasHeader ? header : []) + buffer[(newline + 1)..<count]
    }

    /// Creates the missing directories above `path` (mode 0700).
    static func makeParentDirectory(of path: String) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var current = path.hasPrefix("/") ? "" : "."
        if path.hasPrefix("/") { components = components.dropFirst() }
        for component in components where !component.isEmpty {
            current += "/" + component
            mkdir(current, 0o700)  // EEXIST is the common, harmless answer
        }
    }
}
