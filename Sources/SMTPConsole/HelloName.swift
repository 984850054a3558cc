import Glibc
import SMTPTransport

/// The name smtpc introduces itself with in the EHLO that `--starttls` sends, unless
/// `--ehlo` gives one.
public enum HelloName {
    /// This machine's fully qualified domain name (RFC 5321 §4.1.1.1 asks for it): the host
    /// name when it has a dot, else its canonical name from the resolver (`hostname -f`), else
    /// the bare host name; `localhost` when there is no usable name. Worked out once a run,
    /// when first needed.
    /// Waits for it when another thread is still working it out: never call it on the event
    /// loop (the console works it out on its own thread and arms the answer it makes).
    public static func local() -> String { localName }

    /// Starts working the name out on a thread of its own: the resolver reads four files (and
    /// may ask DNS) while the console connects; `local()` then waits only for what is left.
    public static func prepare() {
        BackgroundThread.start { _ = local() }
    }

    private static let localName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard isDomainName(name) else { return "localhost" }
        if name.contains(".") { return name }
        if let canonical = canonicalName(of: name), canonical.contains("."), isDomainName(canonical) { return canonical }
        return name
    }()

    private static func isDomainName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }

    /// The resolver's canonical name for `host` (`/etc/hosts`, then DNS), as `hostname -f` finds it.
    private static func canonicalName(of host: String) -> String? {
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let result else { return nil }
        defer { freeaddrinfo(result) }
        return result.pointee.ai_canonname.map { String(cString: $0) }
    }
}
