extension MessageBuilder {
    /// Fields the builder makes from the content, which a given header may not replace.
    static let reservedPrefixes = ["content-"]
    static let reservedNames: Set<String> = ["mime-version", "bcc"]
    /// Fields whose value is a list of mailboxes: a display name in them is encoded as a
    /// phrase, the addresses left alone.
    static let addressFields: Set<String> = ["from", "to", "cc", "reply-to", "sender"]

    /// A `--header` (`Name: value`) as a field in wire form: the name printable ASCII
    /// without `:` (RFC 5322 §2.2), the value on one line; address fields as mailboxes,
    /// others as unstructured text.
    static func extraField(_ header: String, spec: MessageSpec) throws(MessageBuildError) -> HeaderField {
        guard let colon = header.firstIndex(of: ":") else { throw .invalidHeader(header) }
        let name = String(header[..<colon])
        let value = String(header[header.index(after: colon)...]).trimmingLeadingSpaces()
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" })
        else { throw .invalidHeader(header) }
        let lower = name.lowercased()
        if reservedNames.contains(lower) || reservedPrefixes.contains(where: lower.hasPrefix) { throw .reservedHeader(name) }
        guard addressFields.contains(lower) else {
            return HeaderField.unstructured(name: name, text: value, smtputf8: spec.smtputf8)
        }
        var mailboxes: [String] = []
        for text in Mailbox.splitList(value) {
            let mailbox = try Mailbox(parsing: text)
            try mailbox.check(smtputf8: spec.smtputf8)
            mailboxes.append(mailbox.headerText(smtputf8: spec.smtputf8))
        }
        return HeaderField(name: name, value: mailboxes.joined(separator: ", "))
    }
}

extension Mailbox {
    /// The mailboxes of a comma-separated list, split at commas outside quotes and angle
    /// brackets: `"Example, Ann" <a@example.org>, b@example.org` is two.
    static func splitList(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var bracketed = false
        var escaped = false
        for character in text {
            defer { escaped = quoted && !escaped && character == "\\" }
            switch character {
            case "\"" where !escaped: quoted.toggle()
            case "<" where !quoted: bracketed = true
            case ">" where !quoted: bracketed = false
            case "," where !quoted && !bracketed:
                items.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        items.append(current)
        return items.filter { !$0.allSatisfy(\.isWhitespace) }
    }
}

extension String {
    /// The text without the spaces and tabs at its start (after a header's colon).
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
