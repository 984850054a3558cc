import CEditShim
import Glibc

/// Raw writes to the terminal, and the escape sequences the editor uses.
enum Terminal {
    /// Writes all of `text` to standard output, retrying on EINTR/EAGAIN.
    static func write(_ text: String, descriptor: Int32 = 1) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else if written < 0, errno == EAGAIN {
                    var waiter = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiter, 1, 1000)
                } else {
                    return  // the terminal is gone; nothing sensible remains to do
                }
            }
        }
    }

    /// Moves the cursor up `rows` rows (nothing for zero).
    static func up(_ rows: Int) -> String { rows > 0 ? "\u{1B}[\(rows)A" : "" }
    /// Moves the cursor down `rows` rows (nothing for zero).
    static func down(_ rows: Int) -> String { rows > 0 ? "\u{1B}[\(rows)B" : "" }
    /// Clears from the cursor to the end of the screen.
    static let clearToEnd = "\u{1B}[J"

    /// Text for a terminal in raw mode, where a bare newline does not return
    /// the carriage on every setup.
    static func rawLines(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        // "\r\n" is one Character in Swift, so only a bare "\n" matches here.
        for character in text {
            if character == "\n" { out.append("\r\n") } else { out.append(character) }
        }
        return out
    }
}

/// The eventfd wrapper, named for Swift (the C helper lives in CEditShim).
func shimEventDescriptor() -> Int32 { shim_eventfd() }
