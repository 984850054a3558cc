/// 4yz, transient negative completion: not done, but may work later (RFC 5321 §4.2.1).
extension ReplyCodeTable {
    /// The 4yz rows of the table.
    static let transientNegative: [ReplyCodeInfo] = [
        ReplyCodeInfo(
            421, "Service not available, closing transmission channel", seed: true,
            explanation: "The server is ending the session (overload, idle timeout, shutdown) and closes the "
                + "connection; it may send this in answer to any command, or unasked. Nothing in the open "
                + "transaction was delivered: reconnect later and start again.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.8"],
            contexts: [.greeting: "The server refuses sessions for now; try again later"]
        ),
        ReplyCodeInfo(
            432, "Password transition needed for this mechanism",
            explanation: "The server has no secret stored for this mechanism and account yet; it wants one "
                + "authentication with PLAIN (over TLS) to set it up. Do that, and the chosen mechanism should "
                + "work in later sessions.",
            references: ["RFC 4954 §6"],
            contexts: [.auth: "Authenticate once with PLAIN first, then this mechanism will work"]
        ),
        ReplyCodeInfo(
            450, "Requested mail action not taken: mailbox unavailable", seed: true,
            explanation: "The mailbox cannot be used at the moment: busy, over a temporary limit, or held back "
                + "by a policy for now (greylisting often answers this way). Nothing was done; send the same "
                + "command again later.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.3.2"],
            contexts: [
                .mailFrom: "Sender temporarily refused; try again later",
                .rcptTo: "Recipient temporarily refused (greylisting, busy mailbox); try again later",
                .endOfData: "Message temporarily refused for policy reasons; send it again later",
            ]
        ),
        ReplyCodeInfo(
            451, "Requested action aborted: local error in processing", seed: true,
            explanation: "The server hit a problem of its own (a failed lookup, a busy back end, greylisting) "
                + "and gave up on the action for now. Try again later; RFC 5321 also tells clients to treat a "
                + "connection lost mid-transaction as if this code had arrived.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.8"],
            contexts: [
                .rcptTo: "Recipient deferred because of a temporary server problem; try again later",
                .endOfData: "Message not accepted because of a temporary server error; send it again later",
            ]
        ),
        ReplyCodeInfo(
            452, "Requested action not taken: insufficient system storage", seed: true,
            explanation: "The server is short of storage or another resource for this transaction. After RCPT "
                + "it is the proper answer to too many recipients: send the rest in another transaction; after "
                + "MAIL with a SIZE parameter it cannot take a message that large just now.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.5.3.1.10", "RFC 1870"],
            contexts: [
                .mailFrom: "No room for a message of the declared size right now; try again later",
                .rcptTo: "Too many recipients (or no room): send the others in a later transaction",
                .endOfData: "Not enough storage to take the message now; send it again later",
            ]
        ),
        ReplyCodeInfo(
            454, "Temporarily unable to start TLS or to authenticate",
            explanation: "A passing problem on the server stopped STARTTLS or AUTH. Try again later, and do "
                + "not carry on in plaintext unless you mean to: the connection is still unencrypted.",
            references: ["RFC 3207 §4", "RFC 4954 §6"],
            contexts: [
                .startTLS: "TLS not available for a temporary reason; the connection stays in plaintext",
                .auth: "Temporary authentication failure; try again later",
                .authResponse: "Temporary authentication failure; try again later",
            ]
        ),
        ReplyCodeInfo(
            455, "Server cannot accommodate the parameters right now",
            explanation: "The server understood the parameters given with MAIL FROM or RCPT TO but cannot "
                + "honour them at the moment. Try again later, or leave out a parameter you can do without.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.1.1.11"]
        ),
        ReplyCodeInfo(
            458, "Unable to queue messages for the domain",
            explanation: "An answer to ETRN: the server cannot start delivering the mail it holds for that "
                + "domain just now. Send ETRN again later.",
            references: ["RFC 1985"]
        ),
        ReplyCodeInfo(
            459, "Domain not allowed to request its queue",
            explanation: "An answer to ETRN: the server will not release mail for that domain to this client, "
                + "and the text gives the reason. Check the domain name and that you are entitled to ask for it.",
            references: ["RFC 1985"]
        ),
    ]
}
