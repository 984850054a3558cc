import CEditShim
import Glibc
import SystemIO

/// Raw writes to the terminal, and the escape sequences the editor uses.
enum Terminal {
    /// Writes all of `text` to standard output (`writeAll`: retrying on EINTR/EAGAIN). A
    /// terminal that is gone takes nothing more; nothing sensible remains to do then.
    static func write(_ text: String, descriptor: Int32 = 1) {
        writeAll(descriptor, text)
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
