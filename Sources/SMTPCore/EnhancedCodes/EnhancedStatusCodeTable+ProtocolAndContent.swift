// X.5.x (mail delivery protocol) and X.6.x (message content or media).
// Titles, basic codes and references are facts from the IANA registry; the classes
// follow the rule in EnhancedStatusInfo's documentation; explanations are our own.

extension EnhancedStatusCodeTable {
    static let protocolAndContent: [EnhancedStatusInfo] = [
        // X.5.x: mail delivery protocol
        .init(
            5, 0, "Other or undefined protocol status", classes: [2, 4, 5],
            basic: [220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554],
            references: ["RFC 3463 §3.6"],
            "Something in the SMTP exchange went wrong (or, in a 2xx, simply happened) with no more "
                + "detail. Look at the command you sent and the reply text."),
        .init(
            5, 1, "Invalid command", classes: [4, 5], basic: [430, 500, 501, 503, 530, 550, 554, 555],
            references: ["RFC 3463 §3.6"],
            "The command is not supported here or came out of order, e.g. RCPT before MAIL. "
                + "Check the sequence and the extensions the EHLO reply lists."),
        .init(
            5, 2, "Syntax error", classes: [5], basic: [500, 501, 502, 550, 555], references: ["RFC 3463 §3.6"],
            "The server could not make sense of the command: a misspelt verb or wrong syntax. "
                + "Check the line you sent."),
        .init(
            5, 3, "Too many recipients", classes: [4], basic: [451], references: ["RFC 3463 §3.6"],
            "The transaction has more recipients than the server takes at once. "
                + "Send to the remaining recipients in another transaction."),
        .init(
            5, 4, "Invalid command arguments", classes: [4, 5], basic: [451, 501, 502, 503, 504, 550, 555],
            references: ["RFC 3463 §3.6"],
            "The command is fine but an argument is not: out of range, unknown, or a parameter of an "
                + "extension the server did not offer. Check the parameters against the EHLO reply."),
        .init(
            5, 5, "Wrong protocol version", classes: [4, 5], references: ["RFC 3463 §3.6"],
            "The two sides disagree on the protocol version and could not settle it. "
                + "Try again without the feature or mode that caused it."),
        .init(
            5, 6, "Authentication Exchange line is too long", classes: [4, 5], basic: [500],
            references: ["RFC 4954"],
            "A base64 line sent during AUTH was longer than the server can take for that mechanism. "
                + "Try another mechanism, or check that the client is not sending something malformed."),

        // X.6.x: message content or media
        .init(
            6, 0, "Other or undefined media error", classes: [4, 5], references: ["RFC 3463 §3.7"],
            "Something in the message's content made it undeliverable, with no more detail. "
                + "Read the reply text and check the message's MIME structure."),
        .init(
            6, 1, "Media not supported", classes: [5], references: ["RFC 3463 §3.7"],
            "The message uses a media type that the delivery path or the next system cannot handle. "
                + "Send it in another format."),
        .init(
            6, 2, "Conversion required and prohibited", classes: [4, 5], references: ["RFC 3463 §3.7"],
            "The content would have to be converted for delivery, but the sender or the host's policy "
                + "forbids conversion. Send content the destination can take as it is."),
        .init(
            6, 3, "Conversion required but not supported", classes: [5], basic: [554],
            references: ["RFC 3463 §3.7"],
            "The content must be converted, e.g. 8-bit to 7-bit for a hop without 8BITMIME, and no host "
                + "on the path can do it. Encode the message yourself (quoted-printable or base64)."),
        .init(
            6, 4, "Conversion with loss performed", classes: [2, 5], basic: [250], references: ["RFC 3463 §3.7"],
            "As a success: delivered, but a conversion on the way lost some data. As a failure: such a "
                + "lossy conversion was needed and the sender did not allow it."),
        .init(
            6, 5, "Conversion failed", classes: [4, 5], references: ["RFC 3463 §3.7"],
            "A conversion was needed and was tried, but it did not work. "
                + "Send the message in a form that needs no conversion."),
        .init(
            6, 6, "Message content not available", classes: [4, 5], basic: [554], references: ["RFC 4468"],
            "The submission server could not fetch message content from another system, as BURL asks "
                + "it to. Check the URL and that the server is allowed to fetch it."),
        .init(
            6, 7, "Non-ASCII addresses not permitted for that sender/recipient", classes: [5],
            basic: [553, 550], references: ["RFC 6531"],
            "An address with non-ASCII characters was used where it is not allowed. Use SMTPUTF8 on "
                + "MAIL FROM if the server offers it, or use an ASCII address."),
        .init(
            6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", classes: [2, 5],
            basic: [252, 553, 550], references: ["RFC 6531"],
            "The server would have to answer with a non-ASCII mailbox name, but the client did not allow "
                + "UTF-8 in replies. Repeat the command with SMTPUTF8 if the server offers it."),
        .init(
            6, 9, "UTF-8 header message cannot be transferred to one or more recipients", classes: [5],
            basic: [550], references: ["RFC 6531"],
            "The message has UTF-8 header fields that cannot reach at least one recipient, so the whole "
                + "message is refused after DATA. Send an ASCII-only version or use a path with SMTPUTF8."),
        // The registry gives no name for X.6.10, only that it duplicates X.6.8.
        .init(
            6, 10, "Duplicate of X.6.8 (deprecated)", classes: [2, 5], references: ["RFC 6531"],
            "An old duplicate of X.6.8: a UTF-8 reply was needed but the client did not allow it. "
                + "Treat it like X.6.8; servers should no longer send it."),
    ]
}
