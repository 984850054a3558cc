import Glibc
import SMTPConsole
import SystemIO

/// Where `smtpc render` and `smtpc check -o` put a page: a file made or truncated (mode
/// 0644), or standard output; a failure is said once and ends smtpc with 73.
enum PageOutput {
    /// Writes `text` to `path`, or to standard output when `path` is nil; `command` names the
    /// subcommand in the message (`smtpc render`).
    static func write(_ text: String, to path: String?, command: String) throws {
        let bytes = Array(text.utf8)
        guard let path else {
            try write(bytes, to: 1, name: "standard output", command: command)
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            StandardError.write("\(command): cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitStatus.cannotCreate
        }
        defer { close(fd) }
        try write(bytes, to: fd, name: path, command: command)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32, name: String, command: String) throws {
        if let failure = writeAll(fd, bytes) {
            StandardError.write("\(command): cannot write \(name): \(String(cString: strerror(failure)))")
            throw ExitStatus.cannotCreate
        }
    }
}
