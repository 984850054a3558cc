import Glibc

/// Why a file could not be read: the reason as a user reads it.
public struct FileReadError: Error, CustomStringConvertible {
    public let description: String
}

/// Opens `path` for reading: a descriptor on a file that is not a directory.
private func openForReading(_ path: String) throws(FileReadError) -> Int32 {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileReadError(description: "cannot open: \(String(cString: strerror(errno)))") }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
        let reason = String(cString: strerror(errno))
        close(fd)
        throw FileReadError(description: "cannot read: \(reason)")
    }
    guard info.st_mode & S_IFMT != S_IFDIR else {
        close(fd)
        throw FileReadError(description: "is a directory")
    }
    return fd
}

/// Checks that `path` can be opened for reading and is not a directory, without reading it.
public func checkReadable(_ path: String) throws(FileReadError) {
    close(try openForReading(path))
}

/// Hands the file at `path` to `body` in blocks of at most 64 KiB, in order (read again
/// after EINTR); an error that cannot be read past is thrown, saying so.
public func forEachBlock(of path: String, _ body: (ArraySlice<UInt8>) throws(FileReadError) -> Void) throws(FileReadError) {
    let fd = try openForReading(path)
    defer { close(fd) }
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw FileReadError(description: "cannot read: \(String(cString: strerror(errno)))")
        }
        if count == 0 { return }
        try body(block[..<count])
    }
}

/// The whole file at `path`. A directory, a file that cannot be opened or read, or one larger
/// than `limit` bytes is an error saying so ("cannot open: No such file or directory", "is a
/// directory", "larger than 64 MiB: not read").
public func readFile(_ path: String, limit: Int = .max) throws(FileReadError) -> [UInt8] {
    var bytes: [UInt8] = []
    try forEachBlock(of: path) { (block) throws(FileReadError) in
        bytes += block
        guard bytes.count <= limit else { throw FileReadError(description: "larger than \(limit >> 20) MiB: not read") }
    }
    return bytes
}
