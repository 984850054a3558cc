// X.0.x (other), X.1.x (addressing) and X.2.x (mailbox).
// Titles, basic codes and references are facts from the IANA registry; the classes
// follow the rule in EnhancedStatusInfo's documentation; explanations are our own.

extension EnhancedStatusCodeTable {
    static let otherAddressingAndMailbox: [EnhancedStatusInfo] = [
        .init(
            0, 0, "Other undefined status", classes: [2, 4, 5], references: ["RFC 3463 §3.1"],
            "Only the class is known: the server says whether it worked, nothing more. "
                + "The reply text is the only clue to the actual reason."),

        // X.1.x: addressing
        .init(
            1, 0, "Other address status", classes: [4, 5], references: ["RFC 3463 §3.2"],
            "Something about an address caused this, without saying what. "
                + "Check both the sender and the recipient address, and read the reply text."),
        .init(
            1, 1, "Bad destination mailbox address", classes: [4, 5], basic: [451, 550],
            references: ["RFC 3463 §3.2"],
            "The recipient's mailbox (the part before the @) does not exist at that domain. "
                + "Check the address for typos; if it is permanent, stop sending to it."),
        .init(
            1, 2, "Bad destination system address", classes: [5], references: ["RFC 3463 §3.2"],
            "The recipient's domain (the part after the @) does not exist or does not take mail. "
                + "Check the spelling of the domain and its MX records."),
        .init(
            1, 3, "Bad destination mailbox address syntax", classes: [5], basic: [501],
            references: ["RFC 3463 §3.2"],
            "The recipient address is not written correctly. "
                + "Fix the RCPT TO argument, e.g. RCPT TO:<user@example.org>."),
        .init(
            1, 4, "Destination mailbox address ambiguous", classes: [4, 5], references: ["RFC 3463 §3.2"],
            "The address matches more than one mailbox on the receiving system, for example through "
                + "loose name matching. Use a more exact address."),
        .init(
            1, 5, "Destination address valid", classes: [2], basic: [250], references: ["RFC 3463 §3.2"],
            "Good news: the recipient address was accepted. Nothing to do."),
        .init(
            1, 6, "Destination mailbox has moved, No forwarding address", classes: [5],
            references: ["RFC 3463 §3.2"],
            "The address once worked but takes no mail any more, and the server knows no new one. "
                + "Find the recipient's current address some other way."),
        .init(
            1, 7, "Bad sender's mailbox address syntax", classes: [4, 5], references: ["RFC 3463 §3.2"],
            "The sender address is not written correctly. "
                + "Fix the MAIL FROM argument, e.g. MAIL FROM:<you@example.org>."),
        .init(
            1, 8, "Bad sender's system address", classes: [4, 5], basic: [451, 501],
            references: ["RFC 3463 §3.2"],
            "The domain of the sender address does not exist or cannot take replies, so the server "
                + "refuses mail from it. Use a sender domain with working DNS."),
        .init(
            1, 9, "Message relayed to non-compliant mailer", classes: [4, 5], references: ["RFC 3886"],
            "The address was valid, but the message went on to a system that does not support message "
                + "tracking, so no further status can be given. The message itself is not at fault."),
        .init(
            1, 10, "Recipient address has null MX", classes: [5], basic: [556],
            references: ["RFC 7505", "RFC 7504"],
            "The recipient's domain publishes a null MX record: it declares that it accepts no mail at all. "
                + "The address cannot work; remove it."),

        // X.2.x: mailbox
        .init(
            2, 0, "Other or undefined mailbox status", classes: [4, 5], references: ["RFC 3463 §3.3"],
            "The mailbox exists, but something about it caused this and the server gives no detail. "
                + "Read the reply text."),
        .init(
            2, 1, "Mailbox disabled, not accepting messages", classes: [4, 5], references: ["RFC 3463 §3.3"],
            "The mailbox exists but is switched off. After a 4xx it may come back, so retry later; "
                + "after a 5xx stop and reach the recipient another way."),
        .init(
            2, 2, "Mailbox full", classes: [4, 5], basic: [552], references: ["RFC 3463 §3.3"],
            "The recipient's mailbox is over its quota. Retry later, once the owner has made room; "
                + "if it stays full for days the mailbox may be abandoned."),
        .init(
            2, 3, "Message length exceeds administrative limit", classes: [5], basic: [552],
            references: ["RFC 3463 §3.3"],
            "The message is larger than this mailbox accepts (a limit for the mailbox, below the system's). "
                + "Send a smaller message, for example with a link instead of a large attachment."),
        .init(
            2, 4, "Mailing list expansion problem", classes: [4, 5], basic: [450, 452],
            references: ["RFC 3463 §3.3"],
            "The address is a mailing list and the server could not expand it into its members. "
                + "The list's owner has to fix it; after a 4xx, retry later."),
    ]
}
