import SMTPCore

/// One address with an optional display name: `Ann Example <ann@example.org>`.
public struct Mailbox: Sendable, Hashable, CustomStringConvertible {
    /// The addr-spec, `local@domain`, without angle brackets: what goes in the envelope.
    public var address: String
    /// The name shown before it; nil or empty for none.
    public var displayName: String?

    /// `address` with `displayName`; checked when the message is built.
    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// A mailbox as a user types it: `ann@example.org`, `<ann@example.org>`,
    /// `Ann Example <ann@example.org>` or `"Example, Ann" <ann@example.org>`.
    public init(parsing text: String) throws(MessageBuildError) {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            self.init(trimmed)
            try check(smtputf8: true)
            return
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = trimmed[..<open].trimmingWhitespace()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unquoted = ""
            var escaped = false
            for character in name.dropFirst().dropLast() {
                if !escaped && character == "\\" {
                    escaped = true
                    continue
                }
                unquoted.append(character)
                escaped = false
            }
            name = unquoted
        }
        self.init(address, displayName: name.isEmpty ? nil : name)
        try check(smtputf8: true)
    }

    /// As typed: `Name <address>`, or the address alone.
    public var description: String {
        guard let displayName, !displayName.isEmpty else { return address }
        return "\(displayName) <\(address)>"
    }

    /// Throws unless `address` is `local@domain` without spaces, controls or brackets, and
    /// ASCII unless `smtputf8`.
    func check(smtputf8: Bool) throws(MessageBuildError) {
        let bytes = Array(address.utf8)
        let forbidden: Set<UInt8> = [0x20, 0x22, 0x28, 0x29, 0x2C, 0x3A, 0x3B, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D, 0x7F]
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
            !bytes.contains(where: { $0 < 0x20 || forbidden.contains($0) })
        else { throw .invalidAddress(description) }
        if !smtputf8 && bytes.contains(where: { $0 >= 0x80 }) { throw .addressNeedsSMTPUTF8(address) }
        if let displayName, displayName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidAddress(description)
        }
    }

    /// The header form: `name <address>` with the name as atoms, a quoted string or, when it
    /// is not ASCII and SMTPUTF8 is not in use, RFC 2047 encoded words; the address as it is.
    func headerText(smtputf8: Bool) -> String {
        guard let displayName, !displayName.isEmpty else { return address }
        let ascii = displayName.utf8.allSatisfy { $0 < 0x80 }
        let name: String
        if !ascii && !smtputf8 || EncodedWord.looksEncoded(displayName) {
            name = EncodedWord.encode(displayName).joined(separator: " ")
        } else if displayName.utf8.allSatisfy({ $0 >= 0x80 || Self.isAtomText($0) || $0 == 0x20 }) {
            name = displayName
        } else {
            var quoted = "\""
            for character in displayName {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            name = quoted + "\""
        }
        return "\(name) <\(address)>"
    }

    /// `atext` of RFC 5322 §3.2.3: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtomText(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }
}
