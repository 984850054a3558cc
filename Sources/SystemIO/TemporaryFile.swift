import Glibc

/// A new file only this user may read and write, `PREFIX.XXXXXX` in `directory` (when nil,
/// `$TMPDIR`, else `/tmp`): its descriptor (open for reading and writing) and its path; the
/// errno when it cannot be made.
public func makeTemporaryFile(prefix: String, in directory: String? = nil) -> Result<(descriptor: Int32, path: String), TemporaryFileError>
{
    let place = directory ?? getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array((place + "/" + prefix + ".XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    guard fd >= 0 else { return .failure(TemporaryFileError(path: path, code: errno)) }
    return .success((fd, path))
}

/// A temporary file that could not be made: where, and why.
public struct TemporaryFileError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32
    public var description: String { "cannot make \(path): \(String(cString: strerror(code)))" }
}
