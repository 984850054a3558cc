import SMTPCore

/// The fixed replies the session gives (a synchronisation error, a line too long), and
/// how a command line is read and logged.
extension ServerSession {
    /// What the strict scenario answers a client that does not wait its turn, as Exim and
    /// Postfix do: 554 5.5.0, then the connection is closed.
    static func synchronizationError(_ what: String) -> [SessionAction] {
        [
            .event(.note("SMTP synchronization error: \(what)")),
            .reply(
                ServerReply(
                    554, "5.5.0",
                    [
                        "SMTP synchronization error", "\(what.prefix(1).uppercased() + what.dropFirst()).",
                        "Wait for each reply unless the server offers PIPELINING (RFC 2920); "
                            + "spam engines that do not wait are told apart this way.",
                    ])), .close,
        ]
    }

    /// The reply to a line over the limit: 500 5.5.2 for commands, 500 5.5.6 during AUTH (RFC 4954 §4).
    static func lineTooLong(sasl: Bool) -> ServerReply {
        sasl
            ? ServerReply(500, "5.5.6", "Authentication exchange line is too long")
            : ServerReply(500, "5.5.2", "Line too long: a command line is at most 512 octets (RFC 5321 §4.5.3.1.4)")
    }

    /// The text after the verb and its space, trimmed of trailing spaces.
    static func argument(of text: String) -> String {
        guard let space = text.firstIndex(of: " ") else { return "" }
        var rest = Substring(text[text.index(after: space)...])
        while rest.last == " " || rest.last == "\t" { rest = rest.dropLast() }
        return String(rest)
    }

    /// The command as the log shows it: control bytes visible, AUTH secrets withheld.
    static func loggedCommand(_ content: [UInt8], verb: SMTPVerb) -> String {
        guard verb == .auth else { return VisibleText.escape(content.prefix(200)) }
        let words = content.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true)
        let shown = words.prefix(2).map { VisibleText.escape($0.prefix(40)) }.joined(separator: " ")
        return words.count > 2 ? shown + " [initial response withheld]" : shown
    }
}
