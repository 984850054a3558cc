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
        if mailbox.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "it contains a control character"
        }
        if mailbox.contains(" ") && !mailbox.hasPrefix("\"") { return "it contains a space" }
        guard let at = mailbox.lastIndex(of: "@") else { return "it has no @domain" }
        let local = mailbox[..<at]
        let domain = mailbox[mailbox.index(after: at)...]
        if local.isEmpty { return "the part before @ is empty" }
        if domain.isEmpty { return "the domain after @ is empty" }
        if local.utf8.count > 64 { return "the local part is longer than 64 octets (RFC 5321 §4.5.3.1.1)" }
        if domain.utf8.count > 255 { return "the domain is longer than 255 octets (RFC 5321 §4.5.3.1.2)" }
        if !(domain.hasPrefix("[") && domain.hasSuffix("]")) && !isDomain(domain) {
            return "'\(domain)' is not a domain name"
        }
        return nil
    }

    /// `true` for a dotted name of letters, digits, hyphens (and UTF-8 labels).
    static func isDomain(_ text: some StringProtocol) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63
                    && label.unicodeScalars.allSatisfy {
                        $0.value >= 0x80 || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                            || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
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
