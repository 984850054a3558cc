extension Hints {
    /// STARTTLS and AUTH refusals: 530, 534, 535, 538, and 454.
    static func securityHint(_ situation: HintSituation) -> String? {
        let machine = situation.machine
        switch situation.code {
        case 530:
            // "530 5.7.0 Must issue a STARTTLS command first" (RFC 3207 §4) asks for TLS, not a login.
            if !machine.isTLSActive && situation.mentions("starttls") && !situation.mentions("auth") {
                return "This server wants TLS first: send STARTTLS, then EHLO again — RFC 3207 §4"
            }
            if !machine.isTLSActive && machine.offers("STARTTLS") {
                return "This server wants AUTH, usually after STARTTLS: send STARTTLS, EHLO again, then /auth — RFC 4954 §6"
            }
            return "This server wants AUTH before mail: log in with /auth (or AUTH <mechanism>) — RFC 4954 §6"
        case 534:
            return "This mechanism is too weak for the server: pick a stronger one from the AUTH line of EHLO — RFC 4954 §6"
        case 535:
            return "Wrong user name or password (or not allowed for this mechanism); /auth asks again — RFC 4954 §6"
        case 538:
            return "This mechanism needs an encrypted connection: STARTTLS (then EHLO again) before AUTH — RFC 4954 §6"
        case 454 where situation.context == .startTLS:
            return "TLS is not available right now (a server-side problem): try again later — RFC 3207 §4"
        case 454 where situation.context == .auth || situation.context == .authResponse:
            return "A temporary authentication failure on the server side: try again later — RFC 4954 §6"
        default:
            return nil
        }
    }
}
