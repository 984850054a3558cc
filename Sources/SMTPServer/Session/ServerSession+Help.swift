/// HELP: what each command does here (RFC 5321 §4.1.1.8).
extension ServerSession {
    /// The 214 reply to HELP, or to HELP with a command name.
    static func help(_ argument: String) -> ServerReply {
        let topics: [String: String] = [
            "EHLO": "EHLO your.name - greet and list the extensions (HELO for plain SMTP)",
            "HELO": "HELO your.name - greet without extensions",
            "MAIL": "MAIL FROM:<sender> [SIZE=n BODY=8BITMIME SMTPUTF8 RET= ENVID=] - start a message",
            "RCPT": "RCPT TO:<recipient> [NOTIFY= ORCPT=] - add a recipient (any address is accepted)",
            "DATA": "DATA - send the message, end with a line holding only a dot",
            "BDAT": "BDAT size [LAST] - send the message in chunks of exactly size bytes",
            "RSET": "RSET - abandon the current message",
            "NOOP": "NOOP - do nothing, get 250",
            "VRFY": "VRFY user - ask about a mailbox (answered with 252 here)",
            "STARTTLS": "STARTTLS - switch to TLS, then EHLO again",
            "AUTH": "AUTH PLAIN|LOGIN|CRAM-MD5 - log in (after STARTTLS); the demo account was printed at start",
            "QUIT": "QUIT - say goodbye and close",
        ]
        let key = argument.uppercased()
        if !key.isEmpty, let topic = topics[key] {
            return ServerReply(214, "2.0.0", topic)
        }
        return ServerReply(
            214, "2.0.0",
            [
                "smtpc practice server. Commands:",
                "EHLO HELO MAIL RCPT DATA BDAT RSET NOOP VRFY STARTTLS AUTH HELP QUIT",
                "A message: EHLO, MAIL FROM:<...>, RCPT TO:<...>, DATA, the text, a line with a dot, QUIT.",
                "HELP command tells more about one command.",
            ])
    }
}
