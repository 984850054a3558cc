/// Failures chosen by address, for teaching: `RCPT TO:<550@fail.test>` is refused with 550
/// every time, `MAIL FROM:<451@fail.test>` deferred with 451, and so on — no randomness, so a
/// lesson or a test can count on them. The local part names the code; the domain is
/// `fail.test` (a reserved name, RFC 2606: never a real address).
public struct AddressTrigger: Sendable, Hashable {
    /// The domain that makes an address a trigger.
    public static let domain = "fail.test"

    /// When the failure comes.
    public enum Moment: Sendable, Hashable {
        /// As the answer to the MAIL or RCPT that names the address.
        case immediately
        /// As the answer to the final dot (or BDAT LAST): the envelope is accepted first.
        case atEndOfData
        /// As the answer to MAIL or RCPT, and then the server closes the connection.
        case closing
    }

    public let code: Int
    public let enhanced: String
    public let text: String
    public let moment: Moment

    /// Every trigger, by code: what `/help practice` and docs/practice-server.md list.
    public static let all: [AddressTrigger] = [
        AddressTrigger(code: 421, enhanced: "4.3.2", text: "Service shutting down: closing the connection", moment: .closing),
        AddressTrigger(code: 450, enhanced: "4.2.1", text: "Mailbox busy: try again later", moment: .immediately),
        AddressTrigger(code: 451, enhanced: "4.7.1", text: "Deferred: try again later", moment: .immediately),
        AddressTrigger(code: 452, enhanced: "4.2.2", text: "Mailbox full for now: try again later", moment: .immediately),
        AddressTrigger(code: 550, enhanced: "5.1.1", text: "No such user here", moment: .immediately),
        AddressTrigger(code: 551, enhanced: "5.1.6", text: "User not local: the mailbox has moved", moment: .immediately),
        AddressTrigger(code: 552, enhanced: "5.2.2", text: "Mailbox full: the message does not fit", moment: .atEndOfData),
        AddressTrigger(code: 553, enhanced: "5.1.3", text: "Mailbox name not allowed", moment: .immediately),
        AddressTrigger(code: 554, enhanced: "5.7.1", text: "Refused by policy", moment: .immediately),
    ]

    /// The trigger an address asks for (`552@fail.test`, any case), or nil.
    public init?(address: String) {
        // Most addresses are not triggers: only one ending in @DOMAIN (ASCII, any case) is read further.
        let suffix = "@" + Self.domain
        let ending = address.utf8.suffix(suffix.utf8.count).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        guard ending.elementsEqual(suffix.utf8) else { return nil }
        let parts = address.lowercased().split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == Self.domain, let code = Int(parts[0]),
            let trigger = Self.all.first(where: { $0.code == code })
        else { return nil }
        self = trigger
    }

    private init(code: Int, enhanced: String, text: String, moment: Moment) {
        self.code = code
        self.enhanced = enhanced
        self.text = text
        self.moment = moment
    }

    /// The reply, naming the address that asked for it.
    func reply(for address: String) -> ServerReply {
        ServerReply(code, enhanced, "\(text) (<\(address)> asks for \(code))")
    }

    /// One line for `/help practice` and the documentation.
    public var summary: String {
        let when: String
        switch moment {
        case .immediately: when = "answers MAIL or RCPT"
        case .atEndOfData: when = "is accepted, then answers the final dot"
        case .closing: when = "answers MAIL or RCPT, then the server closes the connection"
        }
        return "\(code)@\(Self.domain) \(when) with \(code) \(enhanced) \(text)"
    }
}
