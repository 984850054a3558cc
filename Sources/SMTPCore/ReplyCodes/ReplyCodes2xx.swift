/// 2yz, positive completion: the requested action is done (RFC 5321 §4.2.1).
extension ReplyCodeTable {
    /// The 2yz rows of the table.
    static let positiveCompletion: [ReplyCodeInfo] = [
        ReplyCodeInfo(
            200, "Success (see RFC 876)", seed: true,
            explanation: "A generic success code that RFC 5321 never defines; a few old or non-standard "
                + "servers send it, as RFC 876's survey of early implementations noted. "
                + "Treat it as a positive completion like 250 and carry on.",
            references: ["RFC 876"]
        ),
        ReplyCodeInfo(
            211, "System status, or system help reply", seed: true,
            explanation: "A status report or help text from the server, usually in answer to HELP. "
                + "Nothing failed and nothing changed; read the text and continue.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.3.2"],
            contexts: [.help: "System status or help information, in answer to HELP"]
        ),
        ReplyCodeInfo(
            214, "Help message", seed: true,
            explanation: "Text for a human reader, typically in answer to HELP, about how to use the server "
                + "or what a non-standard command does. It changes nothing in the session.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.1.1.8"],
            contexts: [.help: "Help text, in answer to HELP"]
        ),
        ReplyCodeInfo(
            220, "Service ready", seed: true,
            explanation: "The server is ready. As the greeting it opens the session, its text starting with "
                + "the server's name: send EHLO (or HELO) next. In answer to STARTTLS it means the TLS "
                + "handshake must begin at once, after which the client says EHLO again.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.1", "RFC 3207 §4"],
            contexts: [
                .greeting: "Greeting: the server is ready; send EHLO next",
                .startTLS: "Ready to start TLS: begin the handshake now, then send EHLO again",
            ]
        ),
        ReplyCodeInfo(
            221, "Service closing transmission channel", seed: true,
            explanation: "The server is closing the connection, normally because the client sent QUIT. "
                + "The session is over; connect again to send more mail.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.1.1.10"],
            contexts: [.quit: "Goodbye: QUIT acknowledged, the server closes the connection"]
        ),
        ReplyCodeInfo(
            235, "Authentication succeeded",
            explanation: "The AUTH exchange is complete and the server accepted the credentials. "
                + "Go on with MAIL FROM; AUTH may not be sent again in this session.",
            references: ["RFC 4954 §4"],
            contexts: [
                .auth: "Authenticated: the initial response was accepted",
                .authResponse: "Authenticated: the credentials were accepted",
            ]
        ),
        ReplyCodeInfo(
            250, "Requested mail action okay, completed", seed: true,
            explanation: "The command was accepted and carried out; what was accepted depends on the command. "
                + "After EHLO or LHLO the lines list the server's extensions, after MAIL the sender, after RCPT "
                + "one recipient, and after the final dot the whole message, which the server now has to deliver.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.3.2", "RFC 5321 §4.2.5", "RFC 3030", "RFC 2033"],
            contexts: [
                .helo: "Hello accepted: the session is open (HELO lists no extensions)",
                .ehlo: "Hello accepted: the lines after the first list the extensions the server offers",
                .lhlo: "LHLO accepted: the lines after the first list the extensions the LMTP server offers",
                .mailFrom: "Sender accepted: a mail transaction has begun; give the recipients next",
                .rcptTo: "Recipient accepted; add more recipients or send DATA",
                .endOfData: "Message accepted: the server now takes responsibility for delivering it",
                .bdat: "Chunk accepted; after BDAT ... LAST the whole message is accepted",
                .rset: "Reset: the sender, recipients and data of the transaction are discarded",
                .noop: "OK: the connection is alive (NOOP does nothing else)",
                .vrfy: "The address is valid; the text usually shows the full mailbox",
                .expn: "The list was expanded; each line of the reply is one member",
            ]
        ),
        ReplyCodeInfo(
            251, "User not local", seed: true,
            explanation: "RFC 5321's wording is \"User not local; will forward to <forward-path>\": the "
                + "recipient is accepted and the server will forward the message to the address in the text. "
                + "Nothing more to do now, but you may want to use that address next time.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.4"],
            contexts: [
                .rcptTo: "Recipient accepted; the server will forward to the address in the text",
                .vrfy: "The user is not local; the text gives the address mail would be forwarded to",
            ]
        ),
        ReplyCodeInfo(
            252, "User cannot be verified, but mail for it will be accepted",
            explanation: "The server will not, or cannot, confirm that the address exists (often a policy "
                + "against address harvesting), yet it will take a message for it and try to deliver it. "
                + "Send the message as usual; a bounce may still follow if the address is bad.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.5.3"],
            contexts: [
                .vrfy: "Address not verified, but mail to it will be accepted",
                .expn: "List not expanded, but mail to it will be accepted",
            ]
        ),
        ReplyCodeInfo(
            253, "Delivery of the messages queued for the domain has started",
            explanation: "An answer to ETRN: the server has begun sending you the mail it was holding for "
                + "the domain, and the text says how many messages are waiting. Keep the receiving side ready; "
                + "the mail arrives on separate connections.",
            references: ["RFC 1985"]
        ),
    ]
}
