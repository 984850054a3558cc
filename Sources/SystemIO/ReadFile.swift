import Glibc

/// Why ``readFile(_:limit:)`` gave no bytes: the reason as a user reads it.
public struct FileReadError: Error, CustomStringConvertible {
    public let description: String
}

/// The whole file at `path`, read in 64 KiB blocks (again after EINTR). A directory, a file
/// that cannot be opened or read, or one larger than `limit` bytes is an error saying so
/// ("cannot open: No such file or directory", "is a directory", "larger than 64 MiB").
public func readFile(_ path: String, limit: Int = .max) throws(FileReadError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileReadError(description: "cannot open: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadError(description: "cannot read: \(String(cString: strerror(errno)))") }
    guard info.st_mode & S_IFMT != S_IFDIR else { throw FileReadError(description: "is a directory") }
    var bytes: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw FileReadError(description: "cannot read: \(String(cString: strerror(errno)))")
        }
        if count == 0 { return bytes }
        bytes += block[..<count]
        guard bytes.count <= limit else { throw FileReadError(description: "larger than \(limit >> 20) MiB: not read") }
    }
}
