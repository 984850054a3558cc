import Glibc
import SMTPProfiles

/// One student's account as the class file gives it.
public struct ClassAccount: Sendable, Hashable {
    /// The AUTH user name: 1 to 64 of `A-Z a-z 0-9 . _ -`.
    public var name: String
    /// The password; nil asks for one to be generated (and printed once) when the account
    /// is first enrolled.
    public var password: String?

    public init(name: String, password: String? = nil) {
        self.name = name
        self.password = password
    }
}

/// A class file that cannot be used: the file, the line when there is one, and what is wrong.
public struct ClassListError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// The class file, `class.toml`: the class's name, its limits and one account per student.
///
/// ```toml
/// name = "SMTP lab, week 3"          # optional
/// [limits]                           # optional, every limit has a default
/// connections = 5                    # open connections per account at once
/// messages = 200                     # messages accepted per account (over the life of the db)
/// conversations = 300                # conversations kept per student; the oldest are dropped
/// bytes = 8_388_608                  # bytes of transcripts and messages kept per student
/// anonymous_conversations = 1000     # conversations kept that nobody logged into, together
/// anonymous_bytes = 67_108_864       # their bytes, together
/// [[student]]
/// name = "alice"                     # 1 to 64 of A-Z a-z 0-9 . _ -
/// password = "wonderland-42"         # optional: without it one is generated and printed once
/// [[student]]
/// name = "bob"
/// ```
///
/// Anything else is refused with its line: an unknown key, a name used twice (letter case
/// ignored), a limit that is not a positive integer, a password longer than bcrypt reads
/// (72 bytes), a file without students.
public struct ClassList: Sendable, Hashable {
    /// The class's name, for the teacher's page.
    public var name: String?
    public var limits: ClassroomLimits
    /// The students, in the file's order.
    public var accounts: [ClassAccount]

    public init(name: String? = nil, limits: ClassroomLimits = .init(), accounts: [ClassAccount]) {
        self.name = name
        self.limits = limits
        self.accounts = accounts
    }

    /// The largest class file read.
    static let maximumSize = 4 << 20
    /// The longest password bcrypt uses all of.
    static let maximumPasswordBytes = 72

    /// Reads and checks the class file at `path`.
    public static func read(path: String) throws(ClassListError) -> ClassList {
        let bytes: [UInt8]
        do {
            bytes = try readWholeFile(path, limit: maximumSize)
        } catch {
            throw ClassListError(path: path, line: nil, message: error.reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ClassListError(path: path, line: nil, message: "the file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Reads a class file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(ClassListError) -> ClassList {
        func fail(_ line: Int?, _ message: String) -> ClassListError { ClassListError(path: path, line: line, message: message) }
        let root: TOMLTable
        do {
            root = try TOMLReader.parse(text)
        } catch {
            throw fail(error.line, "\(error.message) (column \(error.column))")
        }
        var list = ClassList(accounts: [])
        var studentsLine: Int?
        for entry in root.entries {
            switch (entry.key, entry.value) {
            case ("name", .string(let name)): list.name = name
            case ("limits", .table(let table)): list.limits = try limits(table, fail)
            case ("student", .array(let elements)):
                studentsLine = entry.line
                var seen: [String: Int] = [:]
                for element in elements {
                    guard case .table(let table) = element else { throw fail(entry.line, "student must be a [[student]] table") }
                    let (account, line) = try account(table, fallbackLine: entry.line, fail)
                    if let first = seen[account.name.lowercased()] {
                        throw fail(line, "the name \"\(account.name)\" is already used by the student on line \(first)")
                    }
                    seen[account.name.lowercased()] = line
                    list.accounts.append(account)
                }
            case ("name", _), ("limits", _), ("student", _):
                let expected = entry.key == "name" ? "a string" : entry.key == "limits" ? "a [limits] table" : "[[student]] tables"
                throw fail(entry.line, "\(entry.key) must be \(expected), not \(entry.value.typeName)")
            default:
                throw fail(entry.line, "unknown key \"\(entry.key)\" (expected name, [limits] or [[student]])")
            }
        }
        guard !list.accounts.isEmpty else {
            throw fail(studentsLine, "the class has no students: add a [[student]] table with a name for each")
        }
        return list
    }

    private static func limits(_ table: TOMLTable, _ fail: (Int?, String) -> ClassListError) throws(ClassListError) -> ClassroomLimits {
        var limits = ClassroomLimits()
        for entry in table.entries {
            guard let path = ClassroomLimits.keys.first(where: { $0.0 == entry.key })?.1 else {
                let known = ClassroomLimits.keys.map(\.0).joined(separator: ", ")
                throw fail(entry.line, "unknown limit \"\(entry.key)\" (the limits are \(known))")
            }
            guard case .integer(let value) = entry.value, value > 0 else {
                throw fail(entry.line, "limits.\(entry.key) must be a positive integer")
            }
            limits[keyPath: path] = Int(value)
        }
        return limits
    }

    private static func account(
        _ table: TOMLTable, fallbackLine: Int, _ fail: (Int?, String) -> ClassListError
    ) throws(ClassListError) -> (ClassAccount, Int) {
        var name: String?
        var password: String?
        let line = table.entries.map(\.line).min() ?? fallbackLine
        for entry in table.entries {
            switch (entry.key, entry.value) {
            case ("name", .string(let value)):
                guard isValidName(value) else {
                    throw fail(entry.line, "the student name \"\(value)\" must be 1 to 64 of A-Z a-z 0-9 . _ -")
                }
                name = value
            case ("password", .string(let value)):
                guard !value.isEmpty else { throw fail(entry.line, "the password is empty: remove the key to have one generated") }
                guard value.utf8.count <= maximumPasswordBytes else {
                    throw fail(entry.line, "the password is longer than \(maximumPasswordBytes) bytes (bcrypt reads no more)")
                }
                guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                    throw fail(entry.line, "the password holds a control character")
                }
                password = value
            case ("name", _), ("password", _):
                throw fail(entry.line, "\(entry.key) must be a string, not \(entry.value.typeName)")
            default:
                throw fail(entry.line, "unknown key \"\(entry.key)\" in [[student]] (expected name and password)")
            }
        }
        guard let name else { throw fail(line, "a [[student]] has no name") }
        return (ClassAccount(name: name, password: password), line)
    }

    /// 1 to 64 of `A-Z a-z 0-9 . _ -`: safe in a URL, a file name and an SMTP AUTH exchange.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }
}

/// Why a file could not be read.
struct FileReadFailure: Error {
    let reason: String
}

/// The whole file at `path`, at most `limit` bytes (read again after EINTR).
func readWholeFile(_ path: String, limit: Int) throws(FileReadFailure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileReadFailure(reason: "cannot open: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadFailure(reason: "cannot read: \(String(cString: strerror(errno)))") }
    guard info.st_mode & S_IFMT != S_IFDIR else { throw FileReadFailure(reason: "is a directory, not a file") }
    var bytes: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count >= 0 else { throw FileReadFailure(reason: "cannot read: \(String(cString: strerror(errno)))") }
        if count == 0 { return bytes }
        bytes += block[..<count]
        guard bytes.count <= limit else { throw FileReadFailure(reason: "is larger than \(limit >> 20) MiB: not a class file") }
    }
}
