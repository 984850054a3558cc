import Foundation
import SMTPClassroom
import TestSupport

/// A database path in a new temporary directory.
func temporaryDatabasePath(_ name: String = "classroom.sqlite") throws -> String {
    try makeTemporaryDirectory(prefix: "classroom").appendingPathComponent(name).path
}

/// The file's bytes and their FNV-1a digest, to show a refused file was left untouched.
func fingerprint(_ path: String) throws -> (digest: UInt64, bytes: Data) {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    var digest: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        digest ^= UInt64(byte)
        digest = digest &* 0x100_0000_01b3
    }
    return (digest, bytes)
}

/// Runs the sqlite3 command-line tool on `path`.
func sqlite3(_ path: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
}
