import Glibc

/// The name smtpc introduces itself with in the EHLO that `--starttls` sends.
enum HelloName {
    /// This machine's host name when it looks like a domain name, else `localhost`.
    static func local() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return !name.isEmpty && allowed ? name : "localhost"
    }
}
