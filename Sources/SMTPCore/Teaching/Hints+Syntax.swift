extension Hints {
    /// 500, 501, 502 and 555: the server could not read or does not offer the command.
    static func syntaxHint(_ situation: HintSituation) -> String? {
        switch situation.code {
        case 500, 502:
            return unknownCommandHint(situation)
        case 501:
            return argumentHint(situation)
        case 555:
            return
                "A parameter the server does not support: use only those its EHLO reply advertises (SIZE=, BODY=...) "
                + "— RFC 5321 §4.1.1.11"
        default:
            return nil
        }
    }

    /// 500 or 502: the command is unknown, not offered, or the line was too long.
    private static func unknownCommandHint(_ situation: HintSituation) -> String? {
        if situation.mentions("too long") {
            return "A command line may be at most 512 octets, CRLF included — RFC 5321 §4.5.3.1.4"
        }
        if situation.context == .ehlo {
            return "An old server without extensions: introduce yourself with HELO instead — RFC 5321 §3.2"
        }
        if situation.context == .mailFrom || situation.context == .rcptTo {
            // Some servers answer 500 where 501 is meant: the verb is known, its argument is not.
            return argumentHint(situation)
        }
        guard let name = situation.commandName else {
            return "The server does not know this command: EHLO lists the extensions it supports, HELP often lists its commands"
        }
        return "This server does not offer \(name) here; its EHLO reply lists the extensions it supports"
    }

    /// 501: the arguments could not be read.
    private static func argumentHint(_ situation: HintSituation) -> String? {
        switch situation.context {
        case .mailFrom:
            return "Write it as MAIL FROM:<sender@example.com> — angle brackets, no space after the colon — RFC 5321 §3.3"
        case .rcptTo:
            return "Write it as RCPT TO:<recipient@example.com> — angle brackets, no space after the colon — RFC 5321 §3.3"
        case .helo, .ehlo, .lhlo:
            return "Give your host name or an address literal, e.g. EHLO client.example or EHLO [192.0.2.1] — RFC 5321 §4.1.1.1"
        case .auth, .authResponse:
            // The server's answer to "*" is a 501 too; the exchange simply ended as asked.
            if situation.mentions("cancel") { return nil }
            return "AUTH answers are base64 on one line (/b64 encode TEXT makes them); * cancels — RFC 4954 §4"
        default:
            return nil
        }
    }
}
