import Foundation
import Glibc

/// A program running on a pseudo-terminal, driven like a person at a keyboard.
///
/// The child starts in its own session with the terminal as its controlling
/// terminal, so Ctrl-C and Ctrl-Z raise real signals. A background thread
/// keeps reading everything the child writes (so it never blocks on a full
/// terminal); tests wait for text on the escape-stripped output or inspect
/// an emulated screen.
public final class PseudoTerminal: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The temporary HOME given to the child (removed on deinit).
    public let home: String
    /// Screen size given to the terminal.
    public let columns: Int, rows: Int

    private let master: Int32
    /// The terminal's device, e.g. `/dev/pts/7`.
    public let devicePath: String
    private let collector: Collector
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` on a new terminal. The
    /// environment is TERM=xterm-256color, LANG=C.UTF-8, a fresh HOME,
    /// EDITRC=/dev/null and PATH, then `environment` on top.
    ///
    /// `readBytesPerSecond` makes the terminal a slow one (an ssh session over a slow
    /// link): its output is read at most that fast, so a program that writes more waits
    /// in `write`. `keepingLast` keeps only that many of the latest bytes (a flood);
    /// ``outputByteCount`` still counts them all.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:],
        columns: Int = 80, rows: Int = 24, readBytesPerSecond: Int? = nil, keepingLast: Int? = nil
    ) throws {
        collector = Collector(bytesPerSecond: readBytesPerSecond, keepingLast: keepingLast)
        self.columns = columns
        self.rows = rows
        home = try Self.makeTemporaryDirectory()
        var env = [
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "EDITRC": "/dev/null",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        env.merge(environment) { _, new in new }

        let pty = try PtyFunctions()
        let master = pty.openMaster(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0, pty.grant(master) == 0, pty.unlock(master) == 0 else {
            throw PseudoTerminalError("cannot open a pseudo-terminal: errno \(errno)")
        }
        self.master = master
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var nameBuffer = [CChar](repeating: 0, count: 128)
        guard pty.name(master, &nameBuffer, nameBuffer.count) == 0 else {
            close(master)
            throw PseudoTerminalError("cannot name the pseudo-terminal: errno \(errno)")
        }
        let slavePath = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        devicePath = slavePath
        do {
            pid = try Self.spawn(executable, arguments: arguments, environment: env, terminal: slavePath)
        } catch {
            close(master)
            throw error
        }
        // The reader holds only the collector, never self, so dropping the
        // terminal runs deinit, which ends the child and then the reader.
        Thread { [collector] in collector.readLoop(master) }.start()
    }

    deinit {
        if exitStatusIfExited() == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
        collector.stopAndWait()
        close(master)
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Starts the child in a new session (POSIX_SPAWN_SETSID, 0x80, not
    /// exported to Swift) with an empty signal mask, default signal
    /// dispositions, and the terminal opened as descriptors 0, 1 and 2.
    private static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], terminal: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let setsid: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw PseudoTerminalError("cannot start \(executable): errno \(status)") }
        return pid
    }

    /// Types `text` (control characters included, e.g. "\u{03}" for Ctrl-C).
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 { offset += written } else if errno != EINTR && errno != EAGAIN { return }
        }
    }

    /// Sends `signal` to the child process.
    public func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// How many bytes the child wrote to the terminal so far (all of them, kept or not).
    public var outputByteCount: Int { collector.total }

    /// Everything the child wrote, undecoded.
    public var rawOutput: String {
        String(decoding: collector.bytes, as: UTF8.self)
    }

    /// The output with escape sequences and carriage returns removed.
    public var screenText: String {
        Self.stripEscapes(rawOutput)
    }

    /// The visible screen, one string per row (trailing blanks trimmed).
    public var screenLines: [String] {
        var screen = ScreenModel(columns: columns, rows: rows)
        screen.feed(rawOutput)
        return screen.lines
    }

    /// Waits until `substring` appears in `screenText` (counting only text
    /// after `after` characters of it, when given).
    @discardableResult
    public func waitFor(_ substring: String, after: Int = 0, timeout: TimeInterval = 5) -> Bool {
        waitUntil(timeout: timeout) { text in
            let start = text.index(text.startIndex, offsetBy: min(after, text.count))
            return text[start...].contains(substring)
        }
    }

    /// Waits until `condition` holds for `screenText` (with `raw`, for `rawOutput`: cheaper
    /// for a flood, where escapes would be stripped from megabytes every time).
    public func waitUntil(timeout: TimeInterval = 5, raw: Bool = false, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if condition(raw ? rawOutput : screenText) { return true }
            usleep(raw ? 100_000 : 20_000)
        } while Date() < deadline
        return condition(raw ? rawOutput : screenText)
    }

    /// Whether the terminal is in canonical mode with echo (as a shell expects it), read
    /// from the terminal device itself: true before the child changes it and after it
    /// restores it; false while a line editor holds it in raw mode. Nil if unreadable.
    public func isCanonicalWithEcho() -> Bool? {
        let fd = open(devicePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var modes = termios()
        guard tcgetattr(fd, &modes) == 0 else { return nil }
        return modes.c_lflag & tcflag_t(ICANON) != 0 && modes.c_lflag & tcflag_t(ECHO) != 0
    }

    /// Waits until the terminal's mode is (or is not) canonical with echo; the mode as last
    /// seen. The editor switches modes around the prompt it draws: a test that has just seen
    /// the prompt may look a moment too early on a loaded machine.
    public func waitForCanonicalWithEcho(_ wanted: Bool, timeout: TimeInterval = 5) -> Bool? {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = isCanonicalWithEcho()
        while seen != wanted, Date() < deadline {
            usleep(20_000)
            seen = isCanonicalWithEcho()
        }
        return seen
    }

    /// Types Ctrl-D once a line editor is reading, in raw mode. Typed between two lines,
    /// while the editor has the terminal in canonical mode, it would be the kernel's
    /// end-of-file for a read nobody makes, dropped when raw mode comes back, and the
    /// editor would wait on (a loaded machine makes that gap long enough to hit).
    public func sendEndOfFile(timeout: TimeInterval = 5) {
        _ = waitForCanonicalWithEcho(false, timeout: timeout)
        send("\u{04}")
    }

    /// Waits for the child to exit; its exit status (128+N for signal N),
    /// or nil when it is still running at the deadline.
    public func waitForExit(timeout: TimeInterval = 5) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let status = exitStatusIfExited() {
                // What the child wrote last may still be in the terminal: read it all first.
                collector.waitUntilDrained(timeout: 2)
                return status
            }
            usleep(20_000)
        } while Date() < deadline
        return exitStatusIfExited()
    }

    /// Reaps the child without blocking.
    private func exitStatusIfExited() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitStatus
    }

    /// Removes CSI, OSC and two-byte escape sequences, carriage returns,
    /// backspaces and bells: what remains is the text as written.
    public static func stripEscapes(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}":
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
                } else if kind == "]" {
                    var previous: Unicode.Scalar = " "
                    while let next = scalars.next(), next != "\u{07}", !(previous == "\u{1B}" && next == "\\") {
                        previous = next
                    }
                }
            case "\r", "\u{07}", "\u{08}":
                continue
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A fresh directory under the system's temporary directory.
    public static func makeTemporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/pty-home-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw PseudoTerminalError("cannot create a temporary HOME") }
        return String(cString: made)
    }
}

/// The child's output, gathered by a background thread.
private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var output: [UInt8] = []
    private var stopping = false
    private var finished = false
    private var count = 0
    /// At most this many bytes a second are read (nil: as fast as they come).
    private let bytesPerSecond: Int?
    /// Only the latest bytes are kept (nil: all).
    private let keepingLast: Int?

    init(bytesPerSecond: Int?, keepingLast: Int?) {
        self.bytesPerSecond = bytesPerSecond
        self.keepingLast = keepingLast
    }

    /// Everything read so far (the latest `keepingLast` bytes).
    var bytes: [UInt8] { lock.withLock { output } }
    /// How many bytes were read in all.
    var total: Int { lock.withLock { count } }

    /// Reads `master` until the terminal reports EIO (the child and its
    /// descendants have closed it) or `stopAndWait` is called.
    func readLoop(_ master: Int32) {
        // A slow reader sleeps whenever it is ahead of its rate.
        var buffer = [UInt8](repeating: 0, count: 4096)
        let start = Date()
        while !lock.withLock({ stopping }) {
            var waiter = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiter, 1, 50)
            if ready < 0, errno != EINTR { break }
            guard ready > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count > 0 {
                lock.withLock {
                    output.append(contentsOf: buffer[0..<count])
                    self.count += count
                    if let keepingLast, output.count > 2 * keepingLast { output.removeFirst(output.count - keepingLast) }
                }
                if let bytesPerSecond {
                    let due = Double(total) / Double(bytesPerSecond) - Date().timeIntervalSince(start)
                    if due > 0 { usleep(useconds_t(due * 1_000_000)) }
                }
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                break  // EIO after the child exits is the normal end
            }
        }
        lock.withLock { finished = true }
    }

    /// Waits until the read loop met the end of the terminal (the child and its descendants
    /// closed it), at most `timeout` seconds.
    func waitUntilDrained(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        while !lock.withLock({ finished }), Date() < deadline { usleep(5_000) }
    }

    /// Ends the read loop and waits until it has let go of the descriptor.
    func stopAndWait() {
        lock.withLock { stopping = true }
        while !lock.withLock({ finished }) { usleep(10_000) }
    }
}

/// libc's pseudo-terminal calls, which Swift's Glibc module leaves out (they
/// need _XOPEN_SOURCE), looked up at run time instead.
private struct PtyFunctions {
    let openMaster: @convention(c) (Int32) -> Int32
    let grant: @convention(c) (Int32) -> Int32
    let unlock: @convention(c) (Int32) -> Int32
    let name: @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    init() throws {
        let libc = dlopen(nil, RTLD_NOW)
        func find<T>(_ symbol: String, as type: T.Type) throws -> T {
            guard let address = dlsym(libc, symbol) else { throw PseudoTerminalError("libc has no \(symbol)") }
            return unsafeBitCast(address, to: type)
        }
        openMaster = try find("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
        grant = try find("grantpt", as: (@convention(c) (Int32) -> Int32).self)
        unlock = try find("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
        name = try find("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
    }
}

/// A failure to set up the pseudo-terminal or its child.
public struct PseudoTerminalError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Just enough of a VT100/xterm to tell what is on screen: printing with
/// wrap, CR/LF/BS/TAB, cursor moves, erase in line/screen, insert/delete
/// characters; colours and modes are ignored.
struct ScreenModel {
    let columns: Int, rows: Int
    private var grid: [[Unicode.Scalar]]
    private var row = 0, column = 0
    /// xterm's deferred wrap: the last column was written, the next
    /// printable character goes to the next row.
    private var pendingWrap = false

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        grid = Array(repeating: Array(repeating: " ", count: columns), count: rows)
    }

    /// The rows as text, trailing blanks trimmed.
    var lines: [String] {
        grid.map { row in
            var line = String(String.UnicodeScalarView(row))
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// Interprets `text` as terminal output.
    mutating func feed(_ text: String) {
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}": escape(&scalars)
            case "\r":
                column = 0
                pendingWrap = false
            case "\n": lineFeed()
            case "\u{08}":
                column = max(0, column - 1)
                pendingWrap = false
            case "\t": column = min(columns - 1, (column / 8 + 1) * 8)
            case "\u{07}": break
            default:
                if scalar.value < 0x20 { break }
                put(scalar)
            }
        }
    }

    private mutating func put(_ scalar: Unicode.Scalar) {
        if pendingWrap {
            column = 0
            lineFeed()
            pendingWrap = false
        }
        grid[row][column] = scalar
        if column == columns - 1 { pendingWrap = true } else { column += 1 }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if row == rows - 1 {
            grid.removeFirst()
            grid.append(Array(repeating: " ", count: columns))
        } else {
            row += 1
        }
    }

    private mutating func escape(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let kind = scalars.next() else { return }
        if kind == "]" {
            var previous: Unicode.Scalar = " "
            while let next = scalars.next(), next != "\u{07}", !(previous == "\u{1B}" && next == "\\") { previous = next }
            return
        }
        guard kind == "[" else { return }
        var parameters = ""
        var final: Unicode.Scalar = "m"
        while let next = scalars.next() {
            if (0x40...0x7E).contains(next.value) {
                final = next
                break
            }
            parameters.unicodeScalars.append(next)
        }
        guard !parameters.hasPrefix("?") else { return }  // private modes
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let first = numbers.first.flatMap { $0 } ?? 0
        let count = max(1, first)
        pendingWrap = false
        switch final {
        case "A": row = max(0, row - count)
        case "B": row = min(rows - 1, row + count)
        case "C": column = min(columns - 1, column + count)
        case "D": column = max(0, column - count)
        case "G": column = min(columns - 1, count - 1)
        case "H", "f":
            row = min(rows - 1, max(1, first) - 1)
            column = min(columns - 1, max(1, (numbers.count > 1 ? numbers[1] : nil) ?? 1) - 1)
        case "J":
            if first == 0 {
                clear(row: row, from: column)
                for below in (row + 1)..<rows { clear(row: below, from: 0) }
            } else if first == 2 {
                for any in 0..<rows { clear(row: any, from: 0) }
            }
        case "K":
            if first == 0 {
                clear(row: row, from: column)
            } else if first == 1 {
                for index in 0...column { grid[row][index] = " " }
            } else {
                clear(row: row, from: 0)
            }
        case "P":
            let removed = min(count, columns - column)
            grid[row].removeSubrange(column..<(column + removed))
            grid[row].append(contentsOf: Array(repeating: " ", count: removed))
        case "@":
            let added = min(count, columns - column)
            grid[row].insert(contentsOf: Array(repeating: " ", count: added), at: column)
            grid[row].removeLast(added)
        default:
            break
        }
    }

    private mutating func clear(row: Int, from column: Int) {
        for index in column..<columns { grid[row][index] = " " }
    }
}
