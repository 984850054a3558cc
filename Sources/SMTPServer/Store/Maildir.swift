import Foundation

/// A maildir: messages written to tmp/ and then renamed into new/, so a reader never sees half a file.
///
/// The file name is unique per delivery: `seconds.Pprocess_Qnumber.host` (the maildir
/// naming convention), and the file holds the trace headers and then the message.
struct Maildir: Sendable {
    /// Why a maildir cannot be used.
    struct Failure: Error, CustomStringConvertible, LocalizedError {
        let description: String
        var errorDescription: String? { description }
    }

    let path: String

    /// Opens the maildir, creating `tmp`, `new` and `cur` when missing.
    init(path: String) throws {
        self.path = path
        for folder in ["tmp", "new", "cur"] {
            do {
                try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(description: "cannot create maildir \(path)/\(folder): \(error.localizedDescription)")
            }
        }
    }

    /// Writes one message: tmp/NAME, then rename to new/NAME.
    func deliver(_ message: StoredMessage) throws {
        let seconds = Int(message.receivedAt.timeIntervalSince1970)
        let name = "\(seconds).P\(getpid())Q\(message.id).localhost"
        let temporary = "\(path)/tmp/\(name)"
        let final = "\(path)/new/\(name)"
        let bytes = Data(Array(message.traceHeaders.utf8) + message.data)
        guard FileManager.default.createFile(atPath: temporary, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write \(temporary)")
        }
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary) into new/: \(reason)")
        }
    }
}
