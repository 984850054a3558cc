/// XCLIENT and XFORWARD, Postfix's extensions for a trusted proxy or content filter to
/// tell the server about the real client (Postfix's XCLIENT_README and XFORWARD_README):
/// `XCLIENT NAME=mail.example ADDR=192.0.2.1`. Postfix advertises them, with the attribute
/// names it takes, only to clients in `smtpd_authorized_xclient_hosts` and
/// `smtpd_authorized_xforward_hosts`.
///
/// The console completes the advertised attributes and checks their syntax, only to warn:
/// a line is always sent as typed, since testing what a server does with a bad value is
/// the point.
public enum ForwardedClient {
    /// The two commands.
    public enum Command: String, Sendable, CaseIterable {
        case xclient = "XCLIENT"
        case xforward = "XFORWARD"

        /// The command a typed line starts with (case-insensitive), if it is one of these.
        public init?(line: some StringProtocol) {
            let word = line.prefix { $0 != " " && $0 != "\t" }
            guard let command = Command(rawValue: ASCII.uppercased(word)) else { return nil }
            self = command
        }
    }

    /// What the server said of a command in its EHLO reply.
    public enum Advertised: Sendable, Hashable {
        /// No EHLO reply yet: nothing is known.
        case unknown
        /// Advertised, with these attribute names.
        case listed([String])
        /// Not advertised.
        case absent
    }

    /// The values every attribute may take besides its own: the server's placeholders.
    public static let placeholders = ["[UNAVAILABLE]", "[TEMPUNAVAIL]"]

    /// The values worth completing for an attribute.
    public static func valueCompletions(for attribute: String) -> [String] {
        switch ASCII.uppercased(attribute) {
        case "PROTO": ["SMTP", "ESMTP"]
        case "SOURCE": ["LOCAL", "REMOTE"]
        default: placeholders
        }
    }

    /// Warnings about an XCLIENT or XFORWARD line. `advertised` is what the server listed
    /// after the keyword in its EHLO reply, nil when it did not advertise the command, and
    /// `.unknown` before any EHLO reply (then only the syntax is checked).
    public static func warnings(for line: String, command: Command, advertised: Advertised) -> [String] {
        let name = command.rawValue
        if case .absent = advertised {
            return [
                "The server did not advertise \(name); Postfix offers it only to clients in "
                    + "smtpd_authorized_\(command == .xclient ? "xclient" : "xforward")_hosts (expect 550 or 502)."
            ]
        }
        let words = line.split(separator: " ").dropFirst()
        guard !words.isEmpty else { return ["\(name) needs at least one ATTRIBUTE=VALUE."] }
        let listed: [String]? = if case .listed(let names) = advertised { names } else { nil }
        let offered = Set((listed ?? []).map { ASCII.uppercased($0) })
        var warnings: [String] = []
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                warnings.append("\(name): \(word) needs a value (\(ASCII.uppercased(word))=VALUE).")
                continue
            }
            let attribute = ASCII.uppercased(word[..<equals])
            let value = String(word[word.index(after: equals)...])
            if let listed, !offered.contains(attribute) {
                warnings.append("\(name): the server did not list \(attribute) (it takes \(listed.joined(separator: " "))).")
            }
            if let problem = xtextProblem(value) {
                warnings.append("\(name): \(attribute)=\(value) \(problem).")
                continue
            }
            if placeholders.contains(ASCII.uppercased(value)) { continue }
            if let problem = valueProblem(attribute: attribute, value: value) {
                warnings.append("\(name): \(attribute)=\(value) \(problem).")
            }
        }
        return warnings
    }

    /// Why a value is not xtext (RFC 3461 §4): `!` to `~` but `+` and `=`, or `+HH`.
    static func xtextProblem(_ value: String) -> String? {
        var bytes = Array(value.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "+") {
                let hex = bytes.prefix(2)
                guard hex.count == 2, hex.allSatisfy({ RawEscapes.hexValue($0) != nil && !(0x61...0x66).contains($0) }) else {
                    return "has a + not followed by two upper-case hex digits (xtext, RFC 3461)"
                }
                bytes = bytes.dropFirst(2)
            } else if byte < 0x21 || byte > 0x7E || byte == UInt8(ascii: "=") {
                return "has a character that must be written as +HH (xtext, RFC 3461)"
            }
        }
        return nil
    }

    /// What is wrong with the value of a known attribute, judged by its syntax only.
    static func valueProblem(attribute: String, value: String) -> String? {
        switch attribute {
        case "ADDR", "DESTADDR":
            let upper = ASCII.uppercased(value)
            if upper.hasPrefix("IPV6:") { return isIPv6(value.dropFirst(5)) ? nil : "is not an IPv6 address after IPV6:" }
            if isIPv4(value[...]) { return nil }
            return isIPv6(value[...]) ? "needs IPV6: before an IPv6 address" : "is not an IPv4 address or IPV6:address"
        case "PORT", "DESTPORT":
            guard let port = Int(value), (0...65535).contains(port) else { return "is not a port (0 to 65535)" }
            return nil
        case "PROTO":
            return ["SMTP", "ESMTP"].contains(ASCII.uppercased(value)) ? nil : "is neither SMTP nor ESMTP"
        case "SOURCE":
            return ["LOCAL", "REMOTE"].contains(ASCII.uppercased(value)) ? nil : "is neither LOCAL nor REMOTE"
        case "NAME", "REVERSE_NAME":
            let labels = value.split(separator: ".", omittingEmptySubsequences: false)
            let fine = labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
            return fine ? nil : "is not a host name"
        default:
            return nil
        }
    }

    private static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && Int(part).map { $0 <= 255 } == true
            }
    }

    private static func isIPv6(_ text: Substring) -> Bool {
        guard text.contains(":"), text.count <= 45 else { return false }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.count >= 3, groups.count <= 9, text.doubleColonCount <= 1 else { return false }
        return groups.enumerated().allSatisfy { index, group in
            if index == groups.count - 1, group.contains(".") { return isIPv4(group) }
            return group.count <= 4 && group.allSatisfy(\.isHexDigit)
        }
    }
}

extension Substring {
    /// How many times `::` occurs.
    fileprivate var doubleColonCount: Int {
        var count = 0
        var previous: Character?
        for character in self {
            if character == ":" && previous == ":" { count += 1 }
            previous = character
        }
        return count
    }
}
