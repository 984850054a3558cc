import Foundation
import SMTPServer

#if canImport(Glibc)
    import Glibc
#endif

/// A plain blocking TCP client for tests: sends exact bytes, reads replies line by line.
///
/// Deliberately not our own client library, so the server is checked against what is
/// really on the wire.
final class RawClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1 on `port`.
    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw Failure(description: "connect to port \(port) failed: errno \(errno)")
        }
    }

    deinit { close(socket) }

    /// Sends bytes exactly.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends text exactly (include the CRLFs).
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one complete reply (lines up to `NNN ` or `NNN`); throws on timeout or close.
    func readReply(timeout: Double = 10) throws -> [String] {
        var lines: [String] = []
        while true {
            guard let line = try readLine(timeout: timeout) else {
                throw Failure(description: "connection closed after \(lines)")
            }
            lines.append(line)
            let bytes = Array(line.utf8)
            if bytes.count < 4 || bytes[3] == UInt8(ascii: " ") { return lines }
        }
    }

    /// Reads `count` replies and returns the first line of each.
    func readReplies(_ count: Int, timeout: Double = 10) throws -> [String] {
        try (0..<count).map { _ in try readReply(timeout: timeout).last ?? "" }
    }

    /// Sends a command with CRLF and returns the last line of its reply.
    func command(_ line: String, timeout: Double = 10) throws -> String {
        try send(line + "\r\n")
        return try readReply(timeout: timeout).last ?? ""
    }

    /// One line without its CRLF; `nil` when the server closed the connection.
    func readLine(timeout: Double = 10) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let lf = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<lf])
                if line.last == 0x0D { line.removeLast() }
                buffer.removeFirst(lf + 1)
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill(until: deadline) else { return nil }
        }
    }

    /// `true` when the server closes the connection within `timeout` (any bytes before are dropped).
    func waitForClose(timeout: Double = 10) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while try fill(until: deadline) { buffer.removeAll() }
        return true
    }

    /// Reads more bytes; `false` at end of stream; throws at the deadline.
    private func fill(until deadline: Date) throws -> Bool {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw Failure(description: "timed out; buffered: \(String(decoding: buffer, as: UTF8.self))") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(remaining * 1000))
        guard ready > 0 else { throw Failure(description: "timed out; buffered: \(String(decoding: buffer, as: UTF8.self))") }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &chunk, chunk.count, 0)
        if count <= 0 { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}

extension RawClient {
    /// A client of `server` that has read the greeting and said EHLO.
    static func greeted(_ server: RunningPracticeServer) throws -> RawClient {
        let client = try RawClient(port: server.port)
        _ = try client.readReply()
        _ = try client.command("EHLO c.example")
        return client
    }
}
