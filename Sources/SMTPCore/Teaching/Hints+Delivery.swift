extension Hints {
    /// 450/451 that names greylisting (or 4.7.1): the same envelope later will pass.
    static func greylistingHint(_ situation: HintSituation) -> String? {
        guard situation.code == 450 || situation.code == 451 else { return nil }
        // "grey" and "gray" cover greylisted, greylisting and the American spelling.
        if situation.mentions(anyOf: ["grey", "gray"]) {
            return
                "Greylisting: a new envelope is refused once; retry the same MAIL FROM and RCPT TO in a few "
                + "minutes and it passes — RFC 6647"
        }
        guard situation.hasEnhanced(7, 1) else { return nil }
        return
            "Refused for now by policy, often greylisting: retry the same envelope in a few minutes and it is usually accepted — RFC 6647"
    }

    /// 5xx relay denial: 5.7.1 to RCPT, or text that names relaying.
    static func relayHint(_ situation: HintSituation) -> String? {
        guard situation.isPermanent,
            situation.mentions("relay") || (situation.context == .rcptTo && situation.hasEnhanced(7, 1))
        else { return nil }
        return "Relay denied: this server takes mail only for its own domains unless you log in (AUTH) first — RFC 5321 §3.6"
    }

    /// 5.1.1 (or text saying so): the recipient's mailbox does not exist.
    static func mailboxHint(_ situation: HintSituation) -> String? {
        guard situation.isPermanent else { return nil }
        let unknown =
            situation.hasEnhanced(1, 1)
            || (situation.context == .rcptTo
                && situation.mentions(anyOf: ["user unknown", "unknown user", "no such user", "does not exist"]))
        guard unknown else { return nil }
        return "That mailbox does not exist at this server: check the spelling of the address — RFC 3463 §3.2 (X.1.1)"
    }

    /// 552 or 5.3.4 (and 5.2.3): the message is bigger than the server takes.
    static func sizeHint(_ situation: HintSituation) -> String? {
        let tooBig = situation.hasEnhanced(3, 4) || situation.hasEnhanced(2, 3)
        // Old servers answer 552 to RCPT for too many recipients (RFC 5321 §4.5.3.1.10).
        guard tooBig || (situation.code == 552 && situation.context != .rcptTo) else { return nil }
        let limit = situation.machine.extensions?.sizeLimit.map { " (\($0) bytes here)" } ?? ""
        return "Too big: the message exceeds the server's SIZE limit\(limit), see SIZE in the EHLO reply — RFC 1870"
    }

    /// 452 (or 552 to RCPT): too many recipients for one message.
    static func recipientLimitHint(_ situation: HintSituation) -> String? {
        guard situation.context == .rcptTo, situation.code == 452 || situation.code == 552 else { return nil }
        return "Too many recipients for one message: send it to those accepted, then the rest in a new transaction "
            + "— RFC 5321 §4.5.3.1.10"
    }
}
