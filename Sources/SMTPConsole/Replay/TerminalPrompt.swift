import Glibc
import SystemIO

/// Asks on the controlling terminal (`/dev/tty`), for what replay needs before it starts:
/// the user and password of a redacted AUTH. The password is read with echo off.
enum TerminalPrompt {
    /// The line typed after `prompt`, or nil when there is no terminal or input ended.
    static func ask(_ prompt: String, echo: Bool) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        let isTerminal = tcgetattr(fd, &saved) == 0
        if isTerminal, !echo {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer { if isTerminal, !echo { _ = tcsetattr(fd, TCSAFLUSH, &saved) } }
        writeAll(fd, prompt)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == 0x0A { break }
            if line.count < 4096 { line.append(byte) }
        }
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
