import Glibc
import LineEditor

/// TAB completion of a file path (after `/send ` and `/bdat `).
///
/// Directories are offered with a trailing `/`, a single file with a trailing space.
/// A leading `~/` is expanded to list the directory, but the inserted text keeps the
/// `~` the user typed.
enum PathCompletion {
    /// The most directory entries looked at, so a huge directory cannot stall the prompt.
    static let entryLimit = 10_000

    /// `~` or `~/...` with `$HOME` in place of the tilde; other paths unchanged.
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty
        else { return path }
        return home + path.dropFirst()
    }

    /// The completion of `typed`, the path as typed so far.
    static func complete(_ typed: String) -> Completion {
        let directoryPart: String
        let namePrefix: String
        if let slash = typed.lastIndex(of: "/") {
            directoryPart = String(typed[...slash])
            namePrefix = String(typed[typed.index(after: slash)...])
        } else if typed == "~" {
            return Completion(word: typed, candidates: ["~/"])
        } else {
            directoryPart = ""
            namePrefix = typed
        }
        let listed = directoryPart.isEmpty ? "." : expandingTilde(directoryPart)
        let matches = entries(of: listed)
            .filter { $0.name.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .sorted { $0.name < $1.name }
        if matches.count == 1 {
            let match = matches[0]
            return Completion(word: typed, candidates: [directoryPart + match.name + (match.isDirectory ? "/" : " ")])
        }
        return Completion(word: typed, candidates: matches.map { directoryPart + $0.name + ($0.isDirectory ? "/" : "") })
    }

    /// The entries of `directory` (without `.` and `..`), at most `entryLimit`.
    private static func entries(of directory: String) -> [(name: String, isDirectory: Bool)] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var found: [(name: String, isDirectory: Bool)] = []
        while found.count < entryLimit, let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            // Symbolic links and file systems that do not fill d_type: ask stat.
            if entry.pointee.d_type == UInt8(DT_LNK) || entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                isDirectory = stat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            found.append((name, isDirectory))
        }
        return found
    }
}
