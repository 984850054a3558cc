import Glibc
import SMTPCore
import SMTPMessage
import SystemIO

/// `/compose --edit`: the Subject, the extra header fields and the text part opened in
/// `$VISUAL` or `$EDITOR` (vi when neither is set) before the message is built, as a small
/// file: the fields, an empty line, the text.
enum ComposeEditing {
    /// Why the edit did not give a message.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `spec` as the user left it in the editor.
    static func edit(_ spec: MessageSpec, environment: [String: String]) throws(Failure) -> MessageSpec {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let fd: Int32
        let path: String
        switch makeTemporaryFile(prefix: "smtpc-compose") {
        case .success(let file): (fd, path) = file
        case .failure(let error): throw Failure(description: error.description)
        }
        defer { unlink(path) }
        let fields = (spec.subject.map { ["Subject: " + $0] } ?? []) + spec.headers
        let failed = writeAll(fd, (fields + ["", spec.text ?? ""]).joined(separator: "\n"))
        close(fd)
        if let failed { throw Failure(description: "cannot write \(path): \(String(cString: strerror(failed)))") }
        // The editor's command may hold arguments (`code -w`): the shell splits it.
        switch ChildProcess.run(["/bin/sh", "-c", editor + " \"$1\"", "sh", path], capture: false) {
        case .failure(let error): throw Failure(description: "cannot run \(editor): \(error)")
        case .success(let outcome) where outcome.status != 0:
            throw Failure(description: "\(editor) ended with status \(outcome.status.map(String.init) ?? "?"); nothing was sent")
        case .success: break
        }
        let text: String
        do { text = String(decoding: try readFile(path), as: UTF8.self) } catch {
            throw Failure(description: "cannot read \(path) back: \(error)")
        }
        return edited(spec, from: text)
    }

    /// `spec` with the Subject, fields and text of `text` (fields, an empty line, the text).
    static func edited(_ spec: MessageSpec, from text: String) -> MessageSpec {
        var spec = spec
        // An editor may save CRLF line ends.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        let blank = lines.firstIndex { $0.trimmingWhitespace().isEmpty } ?? lines.count
        spec.subject = nil
        spec.headers = []
        for line in lines[..<blank] {
            if line.lowercased().hasPrefix("subject:") {
                spec.subject = line.dropFirst("subject:".count).trimmingWhitespace()
            } else {
                spec.headers.append(line)
            }
        }
        spec.text = lines.dropFirst(blank + 1).joined(separator: "\n")
        return spec
    }
}
