extension Hints {
    /// 503 (bad sequence) explained from the session state, and 554 to DATA with no recipient.
    static func sequenceHint(_ situation: HintSituation) -> String? {
        let machine = situation.machine
        if situation.code == 554, situation.context == .data || situation.context == .bdat,
            (machine.transaction?.acceptedRecipients ?? 0) == 0
        {
            return noRecipientHint
        }
        guard situation.code == 503 else { return nil }
        return specificSequenceHint(situation)
            ?? "The server did not expect this command now: /state shows where the conversation is and what may follow"
    }

    /// 503 for a command whose preconditions the session state shows.
    private static func specificSequenceHint(_ situation: HintSituation) -> String? {
        let machine = situation.machine
        switch situation.context {
        case .mailFrom, .rcptTo, .data, .bdat:
            return envelopeOrderHint(situation)
        case .auth:
            if machine.isAuthenticated { return "Already authenticated: AUTH succeeds once per session — RFC 4954 §4" }
            if machine.transaction != nil {
                return "AUTH is not allowed inside a mail transaction: RSET first, then AUTH — RFC 4954 §4"
            }
            return machine.hello == nil ? helloFirstHint : nil
        case .startTLS:
            if machine.isTLSActive { return "TLS is already active on this connection; STARTTLS works only once — RFC 3207 §4" }
            return machine.hello == nil ? helloFirstHint : nil
        default:
            return nil
        }
    }

    /// 503 to MAIL, RCPT, DATA or BDAT: which step of the envelope is missing or repeated.
    private static func envelopeOrderHint(_ situation: HintSituation) -> String? {
        let machine = situation.machine
        if machine.hello == nil { return helloFirstHint }
        guard let transaction = machine.transaction else {
            return situation.context == .mailFrom
                ? nil
                : "No sender was accepted yet: the envelope starts with MAIL FROM:<sender>, then RCPT TO — RFC 5321 §3.3"
        }
        switch situation.context {
        case .mailFrom:
            return "A transaction is already open: finish it, or send RSET to start over, before another MAIL FROM — RFC 5321 §4.1.4"
        case .data where transaction.usesBDAT:
            return "DATA cannot follow BDAT in one transaction: continue with BDAT, or RSET and start over — RFC 3030 §2"
        case .data, .bdat:
            return transaction.acceptedRecipients == 0 ? noRecipientHint : nil
        default:
            return nil
        }
    }

    /// Mail commands before the session was opened with EHLO or HELO.
    private static let helloFirstHint =
        "Say EHLO (or HELO) first: a session is opened with a greeting before any mail or AUTH — RFC 5321 §4.1.4"

    /// DATA (or BDAT) before any recipient was accepted.
    private static let noRecipientHint =
        "No recipient was accepted yet: DATA needs at least one accepted RCPT TO:<address> — RFC 5321 §3.3"
}
