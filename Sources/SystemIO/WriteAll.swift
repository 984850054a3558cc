import Glibc

/// Writes every byte of `bytes` to `fd`: write(2) again after a short write (a pipe or a
/// terminal may take part of them), after EINTR, and, on a non-blocking descriptor that is
/// full (EAGAIN), once poll(2) says it is writable.
///
/// - Returns: nil when every byte went out; otherwise the errno of the write that failed,
///   and the rest is not written.
@discardableResult
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, base + offset, bytes.count - offset)
        if written > 0 {
            offset += written
        } else if written < 0, errno == EINTR {
            continue
        } else if written < 0, errno == EAGAIN {
            var waiter = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&waiter, 1, 1000)
        } else {
            return written < 0 ? errno : EIO
        }
    }
    return nil
}

/// `writeAll` for an array of bytes.
@discardableResult
public func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
    bytes.withUnsafeBytes { writeAll(fd, $0) }
}

/// `writeAll` for a part of an array of bytes.
@discardableResult
public func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int32? {
    bytes.withUnsafeBytes { writeAll(fd, $0) }
}

/// `writeAll` for text, as UTF-8.
@discardableResult
public func writeAll(_ fd: Int32, _ text: String) -> Int32? {
    var text = text
    return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
}
