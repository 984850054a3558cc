import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny SMTP-ish server for fault injection: it misbehaves on purpose in ways a real
/// server rarely does on demand (an unsolicited 421 while the user types, a malformed
/// reply, silence, a dropped connection).
///
/// It listens on 127.0.0.1 on a free port and serves one connection at a time on a
/// background thread. Each line it receives is recorded and answered by `respond`.
public final class FaultyServer: @unchecked Sendable {
    /// What to do with one received line.
    public enum Response: Sendable {
        /// Send these bytes (include the CRLFs).
        case send(String)
        /// Send nothing.
        case silence
        /// Close the connection.
        case close
        /// Send the bytes, then close.
        case sendAndClose(String)
        /// Send raw bytes (not UTF-8: NUL, 0xFF, a raw C1 control), then close when `close` says so.
        case sendBytes([UInt8], close: Bool)
        /// Reset the connection (RST: SO_LINGER 0, then close).
        case reset
    }

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private var client: Int32 = -1
    private var stopped = false

    /// Starts listening; `banner` is sent on accept (nil: none), `respond` answers each line.
    public init(banner: String? = "220 faulty.test ESMTP test server\r\n", respond: @escaping @Sendable (String) -> Response) throws {
        (listener, port) = try LoopbackListener.open()
        let thread = Thread { [self] in serve(banner: banner, respond: respond) }
        thread.start()
    }

    deinit { stop() }

    /// Every line received so far (without CRLF).
    public var receivedLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    /// Sends bytes to the connected client now (for unsolicited replies).
    public func push(_ text: String) {
        lock.lock()
        let fd = client
        lock.unlock()
        if fd >= 0 { FaultyServer.write(fd, text) }
    }

    /// Waits until a line satisfying `predicate` was received.
    public func waitForLine(timeout: TimeInterval = 10, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if receivedLines.contains(where: predicate) { return true }
            usleep(20_000)
        }
        return false
    }

    /// Stops listening and closes the client connection.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        if client >= 0 { shutdown(client, Int32(SHUT_RDWR)) }
    }

    private func serve(banner: String?, respond: @Sendable (String) -> Response) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            lock.lock()
            client = fd
            lock.unlock()
            if let banner { FaultyServer.write(fd, banner) }
            var buffer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            connection: while true {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { break }
                buffer += chunk[0..<n]
                while let lf = buffer.firstIndex(of: 0x0A) {
                    var line = Array(buffer[..<lf])
                    buffer.removeSubrange(...lf)
                    if line.last == 0x0D { line.removeLast() }
                    let text = String(decoding: line, as: UTF8.self)
                    lock.lock()
                    lines.append(text)
                    lock.unlock()
                    switch respond(text) {
                    case .send(let reply): FaultyServer.write(fd, reply)
                    case .silence: break
                    case .close: break connection
                    case .sendAndClose(let reply):
                        FaultyServer.write(fd, reply)
                        break connection
                    case .sendBytes(let bytes, let close):
                        FaultyServer.write(fd, bytes)
                        if close {
                            // A clean close: stop sending, read what the client still sends, then
                            // close (closing with unread input would reset the connection and make
                            // the client's kernel drop what it had not yet read).
                            shutdown(fd, Int32(SHUT_WR))
                            var timeout = timeval(tv_sec: 2, tv_usec: 0)
                            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                            while read(fd, &chunk, chunk.count) > 0 {}
                            break connection
                        }
                    case .reset:
                        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                        break connection
                    }
                }
            }
            lock.lock()
            client = -1
            lock.unlock()
            close(fd)
        }
    }

    private static func write(_ fd: Int32, _ text: String) {
        write(fd, Array(text.utf8))
    }

    /// Sends every byte (a large send can return early), unless the peer is gone.
    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then closed).
    public static func unusedPort() throws -> Int {
        let server = try FaultyServer(respond: { _ in .silence })
        let port = server.port
        server.stop()
        return port
    }
}
