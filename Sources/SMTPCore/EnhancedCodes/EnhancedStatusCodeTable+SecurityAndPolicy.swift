// X.7.x (security or policy).
// Titles, basic codes and references are facts from the IANA registry; the classes
// follow the rule in EnhancedStatusInfo's documentation; explanations are our own.

extension EnhancedStatusCodeTable {
    static let securityAndPolicy: [EnhancedStatusInfo] = [
        .init(
            7, 0, "Other or undefined security status", classes: [2, 4, 5],
            basic: [220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550], references: ["RFC 3463 §3.8"],
            "Security or policy related, with no more detail, sometimes on purpose. Common uses: 2.7.0 "
                + "after a successful AUTH, 5.7.0 with 530 when authentication is required first."),
        .init(
            7, 1, "Delivery not authorized, message refused", classes: [4, 5],
            basic: [451, 454, 502, 503, 533, 550, 551], references: ["RFC 3463 §3.8"],
            "The sender may not send to this destination: relaying refused, a block list, or a local "
                + "filter. Authenticate if you use this server as a relay; otherwise ask the recipient's admin."),
        .init(
            7, 2, "Mailing list expansion prohibited", classes: [5], basic: [550], references: ["RFC 3463 §3.8"],
            "The sender is not allowed to post to this mailing list. Ask the list's owner for permission."),
        .init(
            7, 3, "Security conversion required but not possible", classes: [5], references: ["RFC 3463 §3.8"],
            "Delivery would need converting the message from one secure-messaging format to another, and "
                + "that is not possible. Send it in a format the recipient supports."),
        .init(
            7, 4, "Security features not supported", classes: [5], basic: [504], references: ["RFC 3463 §3.8"],
            "The message asks for security features that the delivery protocol cannot provide. "
                + "Send without them or by another route."),
        .init(
            7, 5, "Cryptographic failure", classes: [4, 5], references: ["RFC 3463 §3.8"],
            "A system entitled to verify or decrypt the message could not, because a key or other needed "
                + "information was missing or invalid. Check the keys and certificates involved."),
        .init(
            7, 6, "Cryptographic algorithm not supported", classes: [4, 5], references: ["RFC 3463 §3.8"],
            "A system entitled to verify or decrypt the message does not support the algorithm used. "
                + "Use an algorithm the receiver supports."),
        .init(
            7, 7, "Message integrity failure", classes: [2, 4, 5], references: ["RFC 3463 §3.8"],
            "The message seems to have been corrupted or changed, so it could not be verified. "
                + "Look for anything on the path that rewrites messages, and resend unchanged."),
        .init(
            7, 8, "Authentication credentials invalid", classes: [5], basic: [535, 554], references: ["RFC 4954"],
            "The user name, password or other credential given with AUTH was not accepted. "
                + "Check them and try again."),
        .init(
            7, 9, "Authentication mechanism is too weak", classes: [5], basic: [534], references: ["RFC 4954"],
            "The server does not allow this AUTH mechanism for this user. "
                + "Use a stronger one from the AUTH line of the EHLO reply."),
        .init(
            7, 10, "Encryption needed", classes: [5], basic: [523], references: ["RFC 5248"],
            "This AUTH mechanism may only be used over an encrypted connection. "
                + "Run STARTTLS (or connect with TLS) first, or pick a stronger mechanism."),
        .init(
            7, 11, "Encryption required for requested authentication mechanism", classes: [5],
            basic: [524, 538], references: ["RFC 4954"],
            "The chosen AUTH mechanism needs an encrypted connection (an older way of saying X.7.10). "
                + "Run STARTTLS first, then authenticate."),
        .init(
            7, 12, "A password transition is needed", classes: [4], basic: [422, 432], references: ["RFC 4954"],
            "The account must log in once with another mechanism, usually PLAIN over TLS, before this one "
                + "works. Do that, then retry."),
        .init(
            7, 13, "User account disabled", classes: [5], basic: [525], references: ["RFC 5248"],
            "The credentials were right but the account is disabled, e.g. for abuse or non-payment. "
                + "Retrying will not help; contact the administrator."),
        .init(
            7, 14, "Trust relationship required", classes: [5], basic: [535, 554], references: ["RFC 5248"],
            "The submission server needs a configured trust relationship with another server to fetch "
                + "the message content (BURL). The administrators have to set that up."),
        .init(
            7, 15, "Priority level is too low", classes: [4, 5], basic: [450, 550], references: ["RFC 6710"],
            "The MT-PRIORITY asked for is below what the server accepts, perhaps only for now. "
                + "Retry later, or with a higher priority if you may."),
        .init(
            7, 16, "Message is too big for the specified priority", classes: [4, 5], basic: [552],
            references: ["RFC 6710"],
            "At the MT-PRIORITY asked for, the message is too large. "
                + "Send it at a lower priority or make it smaller."),
        .init(
            7, 17, "Mailbox owner has changed", classes: [5], references: ["RFC 7293"],
            "The message asked (with RRVS) for delivery only if the mailbox kept its owner since a date, "
                + "and it did not. Check that the address still belongs to the person you mean."),
        .init(
            7, 18, "Domain owner has changed", classes: [5], references: ["RFC 7293"],
            "The message asked (with RRVS) for delivery only if ownership was unchanged since a date, and "
                + "the recipient's domain has changed hands. Check the address before sending again."),
        .init(
            7, 19, "RRVS test cannot be completed", classes: [5], references: ["RFC 7293"],
            "The server cannot check the RRVS date because it has no record of when the mailbox was "
                + "created. Decide whether to send again without RRVS."),
        .init(
            7, 20, "No passing DKIM signature found", classes: [5], basic: [550],
            references: ["RFC 7372 §3", "RFC 6376"],
            "The receiver requires a DKIM signature that verifies, and the message had none. "
                + "Sign it with DKIM and make sure nothing changes it after signing."),
        .init(
            7, 21, "No acceptable DKIM signature found", classes: [5], basic: [550],
            references: ["RFC 7372 §3", "RFC 6376"],
            "DKIM signatures verified, but none from a signer the receiver accepts. "
                + "Sign with a domain and algorithm the receiver trusts."),
        .init(
            7, 22, "No valid author-matched DKIM signature found", classes: [5], basic: [550],
            references: ["RFC 7372 §3", "RFC 6376"],
            "DKIM signatures verified, but none from the domain in the From header field. "
                + "Sign with the From address's domain."),
        .init(
            7, 23, "SPF validation failed", classes: [5], basic: [550], references: ["RFC 7372 §3", "RFC 7208"],
            "The sender domain's SPF record does not authorize the sending IP address. "
                + "Send through an authorized server or add this one to the SPF record."),
        .init(
            7, 24, "SPF validation error", classes: [4, 5], basic: [451, 550],
            references: ["RFC 7372 §3", "RFC 7208"],
            "Checking SPF ended in an error: a DNS failure or a broken SPF record. "
                + "Fix the record's syntax or the DNS; after a 4xx it may clear on retry."),
        .init(
            7, 25, "Reverse DNS validation failed", classes: [5], basic: [550],
            references: ["RFC 7372 §3", "RFC 7601"],
            "The client's IP address failed the receiver's reverse DNS check: no PTR record, or one that "
                + "does not lead back to the address. Set up matching reverse and forward DNS."),
        .init(
            7, 26, "Multiple authentication checks failed", classes: [5], basic: [550],
            references: ["RFC 7372 §3"],
            "More than one authentication check failed and the receiver does not say which. "
                + "Check SPF, DKIM and DMARC for the sending domain."),
        .init(
            7, 27, "Sender address has null MX", classes: [5], basic: [550], references: ["RFC 7505"],
            "The sender's domain publishes a null MX, so it can take no replies or bounces, and the "
                + "receiver refuses the mail. Use a sender address whose domain takes mail."),
        .init(
            7, 28, "Mail flood detected", classes: [4, 5], references: ["draft-levine-mailbomb-header"],
            "The receiver believes the message belongs to a flood of similar abusive messages. "
                + "Slow down, and check that your system is not being misused to send them."),
        .init(
            7, 29, "ARC validation failure", classes: [5], basic: [550], references: ["RFC 8617 §5.2.2"],
            "The message's ARC (Authenticated Received Chain) header fields did not validate. "
                + "Check any forwarder or list that adds or changes ARC sets."),
        .init(
            7, 30, "REQUIRETLS support required", classes: [5], basic: [550], references: ["RFC 8689"],
            "The message requires REQUIRETLS, but no next server on its way supports it, so it could not "
                + "be passed on. Send without REQUIRETLS, or to a destination that supports it."),
    ]
}
