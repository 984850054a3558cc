/// The MAIL FROM / RCPT TO parameters the console knows, and the EHLO keyword each needs.
///
/// Used both to warn about a parameter the server did not advertise and to offer the
/// advertised ones in completion.
struct EnvelopeParameter: Sendable {
    /// The parameter keyword (`SIZE`).
    let keyword: String
    /// The EHLO keyword that allows it (`SIZE`, `DSN`, `8BITMIME`...).
    let extensionKeyword: String
    /// The command it belongs to.
    let verb: SMTPVerb
    /// The values a user commonly picks; the completion offers `KEYWORD=value` for each.
    let values: [String]
    /// `true` when the parameter takes `=value` (`SMTPUTF8` and `REQUIRETLS` do not).
    var takesValue: Bool { keyword != "SMTPUTF8" && keyword != "REQUIRETLS" }

    /// The known parameters: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8
    /// (RFC 6531), RET/ENVID/NOTIFY/ORCPT (DSN, RFC 3461), AUTH (RFC 4954),
    /// REQUIRETLS (RFC 8689), MT-PRIORITY (RFC 6710), BY (RFC 2852), HOLDFOR/HOLDUNTIL
    /// (RFC 4865), RRVS (RFC 7293).
    static let all: [EnvelopeParameter] = [
        EnvelopeParameter(keyword: "SIZE", extensionKeyword: "SIZE", verb: .mail, values: []),
        EnvelopeParameter(keyword: "BODY", extensionKeyword: "8BITMIME", verb: .mail, values: ["7BIT", "8BITMIME"]),
        EnvelopeParameter(keyword: "SMTPUTF8", extensionKeyword: "SMTPUTF8", verb: .mail, values: []),
        EnvelopeParameter(keyword: "RET", extensionKeyword: "DSN", verb: .mail, values: DSNReturn.allCases.map(\.rawValue)),
        EnvelopeParameter(keyword: "ENVID", extensionKeyword: "DSN", verb: .mail, values: []),
        EnvelopeParameter(keyword: "AUTH", extensionKeyword: "AUTH", verb: .mail, values: ["<>"]),
        EnvelopeParameter(keyword: "REQUIRETLS", extensionKeyword: "REQUIRETLS", verb: .mail, values: []),
        EnvelopeParameter(keyword: "MT-PRIORITY", extensionKeyword: "MT-PRIORITY", verb: .mail, values: []),
        EnvelopeParameter(keyword: "BY", extensionKeyword: "DELIVERBY", verb: .mail, values: []),
        EnvelopeParameter(keyword: "HOLDFOR", extensionKeyword: "FUTURERELEASE", verb: .mail, values: []),
        EnvelopeParameter(keyword: "HOLDUNTIL", extensionKeyword: "FUTURERELEASE", verb: .mail, values: []),
        EnvelopeParameter(
            keyword: "NOTIFY", extensionKeyword: "DSN", verb: .rcpt,
            values: ["SUCCESS,FAILURE", "SUCCESS,FAILURE,DELAY", "FAILURE,DELAY", "SUCCESS", "FAILURE", "DELAY", "NEVER"]),
        EnvelopeParameter(keyword: "ORCPT", extensionKeyword: "DSN", verb: .rcpt, values: ["rfc822;"]),
        EnvelopeParameter(keyword: "RRVS", extensionKeyword: "RRVS", verb: .rcpt, values: []),
    ]

    /// The known parameter with this keyword (uppercase), if any.
    static func named(_ keyword: String) -> EnvelopeParameter? {
        all.first { $0.keyword == keyword }
    }

    /// The EHLO keyword a `KEYWORD=value` needs; `BODY=BINARYMIME` needs BINARYMIME
    /// (RFC 3030), other BODY values 8BITMIME. Unknown parameters need their own keyword.
    static func requiredExtension(keyword: String, value: String?) -> String {
        if keyword == "BODY", let value, ASCII.uppercased(value) == "BINARYMIME" { return "BINARYMIME" }
        return named(keyword)?.extensionKeyword ?? keyword
    }

    /// What completion offers for the parameter's keyword when its extension was
    /// advertised: `SMTPUTF8`, `SIZE=`, `BODY=8BITMIME`, `RET=FULL`, `RET=HDRS`,
    /// `NOTIFY=SUCCESS,FAILURE`..., `ORCPT=rfc822;`: the whole parameter where its few
    /// values are known, the keyword and `=` where the value is the user's own.
    func keywordCompletions(advertised: any AdvertisedExtensions) -> [String] {
        guard takesValue else { return [keyword] }
        switch keyword {
        case "BODY", "RET", "NOTIFY", "ORCPT": return valueCompletions(advertised: advertised).filter { $0 != "BODY=7BIT" }
        default: return ["\(keyword)="]
        }
    }

    /// What completion offers once `KEYWORD=` is typed: one `KEYWORD=value` per common value.
    func valueCompletions(advertised: any AdvertisedExtensions) -> [String] {
        var values = self.values
        if keyword == "BODY" && advertised.contains("BINARYMIME") { values.append("BINARYMIME") }
        return values.map { "\(keyword)=\($0)" }
    }
}
