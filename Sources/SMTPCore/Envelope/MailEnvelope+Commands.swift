extension MailEnvelope {
    /// The MAIL FROM and RCPT TO lines for this envelope, with only parameters the server
    /// advertised.
    ///
    /// `MAIL FROM:<sender> [SIZE=n] [BODY=8BITMIME] [SMTPUTF8] [REQUIRETLS] [RET=…] [ENVID=…]`
    /// and `RCPT TO:<address> [NOTIFY=…] [ORCPT=…]`. SIZE is a declaration, not a request:
    /// it is left out when SIZE was not advertised. Everything else asked for must be
    /// possible, or this throws, naming what is missing:
    /// - NOTIFY, RET, ENVID or ORCPT without DSN (RFC 3461);
    /// - BODY=8BITMIME without 8BITMIME (RFC 6152);
    /// - REQUIRETLS when `tlsActive` is false, or without REQUIRETLS advertised (RFC 8689 §4.1);
    /// - SMTPUTF8 needed or asked for and not offered, or needed and `never` (RFC 6531);
    /// - a size over the advertised SIZE limit (RFC 1870).
    ///
    /// - Parameters:
    ///   - advertised: the extensions of the EHLO reply on this session (after STARTTLS,
    ///     the second EHLO's).
    ///   - tlsActive: whether the session is encrypted.
    public func commands(advertised: some AdvertisedExtensions, tlsActive: Bool) throws(EnvelopeError) -> EnvelopeCommands {
        guard !recipients.isEmpty else { throw .noRecipients }
        try Self.check(sender, isSender: true)
        for recipient in recipients { try Self.check(recipient.address, isSender: false) }

        let dsn = dsnParametersAsked
        if !dsn.isEmpty && !advertised.contains("DSN") { throw .notAdvertised(extension: "DSN", parameters: dsn) }
        if eightBitMIME && !advertised.contains("8BITMIME") {
            throw .notAdvertised(extension: "8BITMIME", parameters: ["BODY=8BITMIME"])
        }
        if requireTLS {
            guard tlsActive else { throw .requireTLSWithoutTLS }
            guard advertised.contains("REQUIRETLS") else {
                throw .notAdvertised(extension: "REQUIRETLS", parameters: ["REQUIRETLS"])
            }
        }
        if let size, let limit = advertised.sizeLimit, size > limit { throw .sizeOverLimit(size: size, limit: limit) }
        let usesSMTPUTF8 = try smtpUTF8Decision(offered: advertised.contains("SMTPUTF8"))

        var mail = "MAIL FROM:<\(sender)>"
        if let size, advertised.contains("SIZE") { mail += " SIZE=\(size)" }
        if eightBitMIME { mail += " BODY=8BITMIME" }
        if usesSMTPUTF8 { mail += " SMTPUTF8" }
        if requireTLS { mail += " REQUIRETLS" }
        if let ret { mail += " RET=\(ret.rawValue)" }
        if let envelopeID { mail += " ENVID=\(envelopeID.parameterValue)" }
        let lines = recipients.map { recipient in
            var line = "RCPT TO:<\(recipient.address)>"
            if let notify = recipient.notify { line += " NOTIFY=\(notify.parameterValue)" }
            if let original = recipient.originalRecipient { line += " ORCPT=\(original.parameterValue)" }
            return line
        }
        return EnvelopeCommands(mail: mail, recipients: lines, usesSMTPUTF8: usesSMTPUTF8)
    }

    /// The DSN parameters this envelope asks for, in the order they would be sent.
    private var dsnParametersAsked: [String] {
        var asked: [String] = []
        if ret != nil { asked.append("RET") }
        if envelopeID != nil { asked.append("ENVID") }
        if recipients.contains(where: { $0.notify != nil }) { asked.append("NOTIFY") }
        if recipients.contains(where: { $0.originalRecipient != nil }) { asked.append("ORCPT") }
        return asked
    }

    /// Whether to send SMTPUTF8, given whether the server offers it (RFC 6531 §3.4: a
    /// non-ASCII address needs it; so does a header only UTF-8 can carry).
    private func smtpUTF8Decision(offered: Bool) throws(EnvelopeError) -> Bool {
        let need = smtpUTF8Need
        switch smtpUTF8 {
        case .never:
            if let need { throw .smtpUTF8Needed(reason: need) }
            return false
        case .always:
            guard offered else { throw .smtpUTF8NotOffered(reason: "it was asked for") }
            return true
        case .auto:
            if let need {
                guard offered else { throw .smtpUTF8NotOffered(reason: need) }
                return true
            }
            return offered && headerText == .encodable
        }
    }

    /// Why this envelope needs SMTPUTF8, or nil when it does not.
    private var smtpUTF8Need: String? {
        let addresses = [sender] + recipients.map(\.address)
        if let address = addresses.first(where: { $0.utf8.contains { $0 >= 0x80 } }) {
            return "the address “\(address)” is not ASCII"
        }
        return headerText == .needsUTF8 ? "a header holds a non-ASCII address" : nil
    }

    /// Throws for an address that would break the command line: control characters
    /// (a CR or LF would end it and start another command), angle brackets, or an empty
    /// recipient (only the sender may be empty: `<>`).
    private static func check(_ address: String, isSender: Bool) throws(EnvelopeError) {
        if address.isEmpty && !isSender { throw .invalidAddress(address, reason: "a recipient cannot be empty") }
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidAddress(address, reason: "it contains control characters")
        }
        if address.contains("<") || address.contains(">") {
            throw .invalidAddress(address, reason: "give it without angle brackets")
        }
    }
}
