import SMTPAuth
import SMTPCore

/// The decoded text of a 334 challenge (RFC 4954 §4), so "334 VXNlcm5hbWU6" reads "Username:".
enum ChallengeText {
    /// One line saying what the server asks for.
    /// - Parameter answeredBySmtpc: `/auth` answers it, so no advice on answering by hand.
    static func describe(_ reply: Reply, answeredBySmtpc: Bool = false) -> String {
        let challenge = SASLChallenge(reply: reply)
        if challenge.isEmpty {
            return "(334 with an empty challenge: send your initial credentials, base64-encoded; * cancels)"
        }
        guard challenge.bytes != nil else {
            return "(the 334 challenge is \(challenge.displayText))"
        }
        if answeredBySmtpc { return "(challenge decoded: \"\(challenge.displayText)\")" }
        return "(challenge decoded: \"\(challenge.displayText)\" — answer in base64; the answer is kept out of history and transcripts)"
    }
}

extension String {
    /// The string without leading and trailing `character`s.
    func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}
