/// 5yz, permanent negative completion: not done; do not repeat unchanged (RFC 5321 §4.2.1).
extension ReplyCodeTable {
    /// The 5yz rows of the table.
    static let permanentNegative: [ReplyCodeInfo] = syntaxAndSession + mailSystem

    /// 50z–53z: syntax, sequence, whole-host refusals and authentication.
    private static let syntaxAndSession: [ReplyCodeInfo] = [
        ReplyCodeInfo(
            500, "Syntax error, command unrecognised", seed: true,
            explanation: "The server did not recognise the command, or the line was too long (RFC 5321 allows "
                + "512 octets with the CRLF); in an AUTH exchange it means the response line was too long. "
                + "Check the spelling and length of what you sent.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.3.2", "RFC 5321 §4.5.3.1.9", "RFC 4954"],
            contexts: [
                .ehlo: "EHLO not recognised: an old server; fall back to HELO",
                .authResponse: "Authentication response line too long for the mechanism",
            ]
        ),
        ReplyCodeInfo(
            501, "Syntax error in parameters or arguments", seed: true,
            explanation: "The command was recognised but its arguments are malformed: a bad address, a space "
                + "around the colon of MAIL FROM: or RCPT TO:, an argument to a command that takes none, or a "
                + "line that is not valid base64 during AUTH. Correct the arguments and send the command again.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.3.2", "RFC 3207 §4", "RFC 4954 §4"],
            contexts: [
                .mailFrom: "Sender address or parameters malformed",
                .rcptTo: "Recipient address or parameters malformed",
                .startTLS: "STARTTLS takes no parameters",
                .auth: "Malformed AUTH command or initial response",
                .authResponse: "Authentication cancelled, or the response was not valid base64",
            ]
        ),
        ReplyCodeInfo(
            502, "Command not implemented", seed: true,
            explanation: "The server knows the command but does not implement it (an unknown command should get "
                + "500). A server must not list an extension in its EHLO reply and then refuse its command this "
                + "way; use only what was advertised.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.2.4"],
            contexts: [
                .ehlo: "EHLO not supported (an old server); use HELO instead",
                .vrfy: "VRFY is disabled on this server",
                .expn: "EXPN is disabled on this server",
            ]
        ),
        ReplyCodeInfo(
            503, "Bad sequence of commands", seed: true,
            explanation: "The command came at the wrong point: RCPT before MAIL, DATA before any recipient was "
                + "accepted, MAIL inside an open transaction, AUTH after authenticating, or DATA and BDAT mixed. "
                + "Send the missing step first, or RSET and start the transaction again.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.1.4", "RFC 5321 §3.3", "RFC 3030"],
            contexts: [
                .mailFrom: "MAIL not allowed now: a transaction is open, or EHLO is needed first",
                .rcptTo: "RCPT before MAIL FROM",
                .data: "DATA refused: no sender or no accepted recipient yet",
                .bdat: "BDAT out of sequence: no sender or recipient yet, or mixed with DATA",
                .auth: "AUTH not allowed now: already authenticated, or inside a transaction",
            ]
        ),
        ReplyCodeInfo(
            504, "Command parameter not implemented", seed: true,
            explanation: "The command is implemented, but not with this parameter; for AUTH it means the server "
                + "does not support the mechanism you named. Use a parameter or mechanism from the server's "
                + "EHLO reply.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.2.1", "RFC 4954 §4"],
            contexts: [.auth: "Authentication mechanism not supported"]
        ),
        ReplyCodeInfo(
            521, "Domain does not accept mail (see RFC 1846)", seed: true,
            explanation: "This host accepts no mail at all, and says so in its greeting or to every command. "
                + "Do not retry here; RFC 7504 made the code standard after RFC 1846 first proposed it.",
            references: ["RFC 7504", "RFC 1846"],
            contexts: [.greeting: "This host accepts no mail at all; do not retry"]
        ),
        ReplyCodeInfo(
            523, "Encryption needed",
            explanation: "The server requires an encrypted connection for what was asked. "
                + "Start TLS (STARTTLS or implicit TLS) and repeat the command.",
            references: ["RFC 5248"]
        ),
        ReplyCodeInfo(
            530, "Access denied", seed: true,
            explanation: "The server refuses the command until something else happens first: usually "
                + "authentication (RFC 4954's \"Authentication required\") or TLS (RFC 3207's \"Must issue a "
                + "STARTTLS command first\"). Read the text, send STARTTLS or AUTH, then repeat the command.",
            references: ["RFC 4954 §6", "RFC 3207 §4"],
            contexts: [
                .mailFrom: "Authenticate (or start TLS) before sending mail",
                .rcptTo: "Authenticate (or start TLS) before giving recipients",
            ]
        ),
        ReplyCodeInfo(
            534, "Authentication mechanism too weak",
            explanation: "Server policy does not allow this mechanism for your account. "
                + "Choose a stronger one from the AUTH list in the EHLO reply.",
            references: ["RFC 4954 §6"],
            contexts: [.auth: "This mechanism is too weak for the account; pick a stronger one"]
        ),
        ReplyCodeInfo(
            535, "Authentication failed: credentials not accepted",
            explanation: "The server rejected the user name, password or token you sent. Check them, and that "
                + "they were encoded as the mechanism requires, then try again; many failures may get you blocked.",
            references: ["RFC 4954 §6"],
            contexts: [
                .auth: "Wrong user name or password",
                .authResponse: "Wrong user name or password",
            ]
        ),
        ReplyCodeInfo(
            538, "Encryption required for this authentication mechanism",
            explanation: "The mechanism may only be used over an encrypted connection. "
                + "Send STARTTLS (or connect with implicit TLS) and authenticate again.",
            references: ["RFC 4954 §6"],
            contexts: [.auth: "Start TLS first; this mechanism needs an encrypted connection"]
        ),
    ]

    /// 55z: the receiving mail system refuses the mailbox, message or transaction.
    private static let mailSystem: [ReplyCodeInfo] = [
        ReplyCodeInfo(
            550, "Requested action not taken: mailbox unavailable", seed: true,
            explanation: "The action was refused for good: most often the mailbox does not exist, the server "
                + "will not relay, or a policy (spam, reputation, access) rejected the command. Do not retry "
                + "unchanged; check the address and read the text and any enhanced code for the reason.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.3"],
            contexts: [
                .helo: "Hello refused by policy",
                .ehlo: "Hello refused by policy",
                .mailFrom: "Sender refused (policy, or unknown sender)",
                .rcptTo: "Recipient refused: no such mailbox, relaying denied, or policy",
                .endOfData: "Message refused for policy reasons (content, spam)",
                .vrfy: "No such user",
            ]
        ),
        ReplyCodeInfo(
            551, "User not local", seed: true,
            explanation: "RFC 5321's wording is \"User not local; please try <forward-path>\": the server will "
                + "not forward to this recipient, and the text usually names the address to use instead. "
                + "Correct the address and send again.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.4"],
            contexts: [
                .rcptTo: "Recipient not local and not forwarded; try the address in the text",
                .vrfy: "The user is not local; the text gives the address to try",
            ]
        ),
        ReplyCodeInfo(
            552, "Requested mail action aborted: exceeded storage allocation", seed: true,
            explanation: "The message is bigger than the server or the mailbox allows; with SIZE it means the "
                + "declared size exceeds the server's fixed maximum, so shrink the message instead of retrying. "
                + "Old servers also use it for too many recipients, which RFC 5321 says to treat as the temporary 452.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.5.3.1.10", "RFC 1870"],
            contexts: [
                .mailFrom: "Declared size exceeds the server's maximum message size",
                .rcptTo: "Mailbox full, or too many recipients (treat the latter as temporary)",
                .endOfData: "Message too large, or the mailbox is over its quota",
                .bdat: "Message too large: the chunks exceed the server's limit",
            ]
        ),
        ReplyCodeInfo(
            553, "Requested action not taken: mailbox name not allowed", seed: true,
            explanation: "The address is not acceptable as written: bad syntax, a domain the server will not "
                + "take, or non-ASCII characters without SMTPUTF8. Correct the address and send the command again.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.3", "RFC 6531"],
            contexts: [
                .mailFrom: "Sender address not allowed (syntax or policy)",
                .rcptTo: "Recipient address not allowed (syntax or policy)",
            ]
        ),
        ReplyCodeInfo(
            554, "Transaction failed", seed: true,
            explanation: "A permanent failure of the transaction. As the greeting it means \"no SMTP service "
                + "here\" (send QUIT and leave); in answer to DATA, that no recipient is valid; after the final "
                + "dot, that the message was rejected, often for policy or as spam.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §3.1", "RFC 5321 §3.3"],
            contexts: [
                .greeting: "No SMTP service here: the server refuses this session; send QUIT",
                .data: "No valid recipients: there is nothing to send the message to",
                .endOfData: "Message rejected for good (often policy or spam)",
                .bdat: "Message rejected for good",
            ]
        ),
        ReplyCodeInfo(
            555, "Unknown or unsupported MAIL FROM/RCPT TO parameter",
            explanation: "The server does not know or does not implement a parameter after the address, such as "
                + "SIZE=, BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531) or the DSN parameters NOTIFY=, RET=, "
                + "ENVID=, ORCPT= (RFC 3461). Send only parameters the server advertised in its EHLO reply.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.1.1.11"],
            contexts: [
                .mailFrom: "A parameter after the sender address is not supported",
                .rcptTo: "A parameter after the recipient address is not supported",
            ]
        ),
        ReplyCodeInfo(
            556, "Recipient domain does not accept mail",
            explanation: "A relay found that the recipient's domain publishes no mail service at all (a "
                + "\"null MX\", RFC 7505) and reports that it cannot deliver there. The address cannot receive "
                + "mail; do not retry.",
            references: ["RFC 7504"],
            contexts: [.rcptTo: "The recipient's domain accepts no mail (null MX); do not retry"]
        ),
    ]
}
