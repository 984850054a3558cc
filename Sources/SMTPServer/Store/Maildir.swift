#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
                throw Failure(description: "cannot create maildir \(path)/\(folder): \(Self.describe(error))")
            }
        }
    }

    /// Writes one message: tmp/NAME, then rename to new/NAME.
    func deliver(_ message: StoredMessage) throws(Failure) {
        let seconds = Int(message.receivedAt.timeIntervalSince1970)
        let name = "\(seconds).P\(getpid())Q\(message.id).localhost"
        let temporary = "\(path)/tmp/\(name)"
        let final = "\(path)/new/\(name)"
        let bytes = Data(message.storedBytes)
        guard FileManager.default.createFile(atPath: temporary, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write \(temporary)")
        }
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary) into new/: \(reason)")
        }
    }

    /// What Foundation's `localizedDescription` says of an error from `FileManager` (which
    /// FoundationEssentials lacks): `The operation could not be completed. The file doesn’t exist.`
    static func describe(_ error: any Error) -> String {
        guard let error = error as? CocoaError else { return "The operation could not be completed. (\(error))" }
        let reasons: [CocoaError.Code: String] = [
            .fileNoSuchFile: "The file doesn’t exist.",
            .fileLocking: "The file couldn’t be locked.",
            .fileReadNoPermission: "You don’t have permission.",
            .fileReadInvalidFileName: "The file name is invalid.",
            .fileReadCorruptFile: "The file isn’t in the correct format.",
            .fileReadNoSuchFile: "The file doesn’t exist.",
            .fileWriteNoPermission: "You don’t have permission.",
            .fileWriteInvalidFileName: "The file name is invalid.",
            .fileWriteFileExists: "A file with the same name already exists.",
            .fileWriteInapplicableStringEncoding: "The specified text encoding isn’t applicable.",
            .fileWriteUnsupportedScheme: "The specified URL type isn’t supported.",
            .fileWriteOutOfSpace: "There isn’t enough space.",
            .fileWriteVolumeReadOnly: "The volume is read only.",
        ]
        let reason = reasons[error.code] ?? "(NSCocoaErrorDomain error \(error.code.rawValue).)"
        return "The operation could not be completed. " + reason
    }
}
