import SMTPCore

/// The decoded text of a 334 challenge (RFC 4954 §4), so "334 VXNlcm5hbWU6" reads "Username:".
enum ChallengeText {
    /// One line saying what the server asks for.
    static func describe(_ reply: Reply) -> String {
        let text = reply.lines.last.map { String(decoding: $0.text, as: UTF8.self) } ?? ""
        let trimmed = text.trimmingCharacters(in: " ")
        if trimmed.isEmpty {
            return "(334 with an empty challenge: send your initial credentials, base64-encoded; * cancels)"
        }
        guard let bytes = try? Base64.decode(trimmed) else {
            return "(the 334 challenge is not valid base64: \"\(VisibleText.escape(Array(trimmed.utf8)))\")"
        }
        return "(challenge decoded: \"\(VisibleText.escape(bytes))\" — answer in base64; the answer is kept out of history and transcripts)"
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
