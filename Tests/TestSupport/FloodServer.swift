import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server that answers EHLO with a flood: `250-` lines as fast as the socket takes them,
/// either a given number of bytes of them and then a last `250 ` line, or without end (a
/// multi-line reply that never finishes). Anything after the flood gets `221`.
///
/// It serves one connection on a background thread and counts what it sent, so a test can
/// tell how far the client read.
public final class FloodServer: @unchecked Sendable {
    /// One line of the flood (76 bytes with its CRLF).
    public static let line = "250-" + String(repeating: "x", count: 70) + "\r\n"

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var sent = 0
    private var client: Int32 = -1
    private var stopped = false

    /// Starts listening: `bytes` of flood lines (rounded to whole lines), or nil for no end.
    public init(bytes: Int?) throws {
        (listener, port) = try LoopbackListener.open()
        Thread { [self] in serve(bytes: bytes) }.start()
    }

    deinit { stop() }

    /// Bytes of the flood written to the socket so far.
    public var sentBytes: Int { lock.withLock { sent } }

    /// Stops serving and closes the sockets.
    ///
    /// The client's socket is shut down under the lock that its closing takes too: once
    /// closed, its number may already belong to another descriptor of the test process
    /// (a shut-down socket pair of Foundation's `Process` stalls every process it watches).
    public func stop() {
        let listener = lock.withLock { () -> Int32 in
            defer { stopped = true }
            if client >= 0 { shutdown(client, Int32(SHUT_RDWR)) }
            return stopped ? -1 : self.listener
        }
        if listener >= 0 {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private func serve(bytes: Int?) {
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else { return }
        let serving = lock.withLock { () -> Bool in
            if !stopped { client = fd }
            return !stopped
        }
        defer {
            lock.withLock {
                client = -1
                close(fd)
            }
        }
        guard serving else { return }
        guard write(fd, "220 flood.test ESMTP\r\n"), readLine(fd) != nil else { return }
        let block = String(repeating: Self.line, count: 1000)
        while bytes.map({ sentBytes < $0 }) ?? true {
            guard write(fd, block) else { return }
            lock.withLock { sent += block.utf8.count }
        }
        guard write(fd, "250 end of the flood\r\n") else { return }
        while readLine(fd) != nil {
            guard write(fd, "221 flood.test bye\r\n") else { return }
        }
    }

    private func write(_ fd: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// One line from the client (without its end), or nil when it closed.
    private func readLine(_ fd: Int32) -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }
}
