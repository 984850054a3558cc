/// Light checks of the names and paths a client sends (RFC 5321 §4.1.2, RFC 6531 §3.3).
///
/// A practice server accepts mail for anyone, so these only catch what is plainly not an
/// address: no `@`, an empty side, spaces or control characters.
enum AddressSyntax {
    /// The mailbox of a path with any source route (`@a,@b:user@d`) removed, as RFC 5321
    /// §4.1.1.3 says servers must accept and ignore.
    static func withoutSourceRoute(_ path: String) -> String {
        guard path.hasPrefix("@"), let colon = path.firstIndex(of: ":") else { return path }
        return String(path[path.index(after: colon)...])
    }

    /// Why a mailbox is malformed, or `nil` when it looks like `local@domain`.
    static func problem(with mailbox: String) -> String? {
        // Read as UTF-8 bytes: every MAIL and RCPT asks. A control character, a space, `@`,
        // `.` and the domain's ASCII are single bytes; everything else is a byte ≥ 0x80.
        let bytes = Array(mailbox.utf8)
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "it contains a control character" }
        if bytes.contains(0x20) && bytes.first != 0x22 { return "it contains a space" }
        guard let at = bytes.lastIndex(of: 0x40) else { return "it has no @domain" }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        if local.isEmpty { return "the part before @ is empty" }
        if domain.isEmpty { return "the domain after @ is empty" }
        if local.count > 64 { return "the local part is longer than 64 octets (RFC 5321 §4.5.3.1.1)" }
        if domain.count > 255 { return "the domain is longer than 255 octets (RFC 5321 §4.5.3.1.2)" }
        if !(domain.first == 0x5B && domain.last == 0x5D) && !isDomain(utf8: domain) {
            return "'\(String(decoding: domain, as: UTF8.self))' is not a domain name"
        }
        return nil
    }

    /// `true` for a dotted name of letters, digits, hyphens (and UTF-8 labels).
    static func isDomain(_ text: some StringProtocol) -> Bool { isDomain(utf8: Array(text.utf8)[...]) }

    private static func isDomain(utf8 name: ArraySlice<UInt8>) -> Bool {
        name.split(separator: 0x2E, omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63
                && label.allSatisfy {
                    $0 >= 0x80 || (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0)
                        || $0 == 0x2D || $0 == 0x5F
                }
        }
    }

    /// `true` for a HELO/EHLO argument: a domain or an address literal (`[192.0.2.1]`, `[IPv6:…]`).
    static func isHelloName(_ text: String) -> Bool {
        if text.hasPrefix("[") && text.hasSuffix("]") && text.count > 2 {
            return !text.contains(" ")
        }
        return isDomain(text)
    }

    /// `true` when the text is only ASCII.
    static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }
}
