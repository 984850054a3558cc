// X.3.x (mail system) and X.4.x (network and routing).
// Titles, basic codes and references are facts from the IANA registry; the classes
// follow the rule in EnhancedStatusInfo's documentation; explanations are our own.

extension EnhancedStatusCodeTable {
    static let systemAndNetwork: [EnhancedStatusInfo] = [
        // X.3.x: mail system
        .init(
            3, 0, "Other or undefined mail system status", classes: [2, 4, 5],
            basic: [221, 250, 421, 451, 550, 554], references: ["RFC 3463 §3.4"],
            "The receiving system normally takes mail, but something about it caused this; no detail is "
                + "given. Read the reply text; after a 4xx, retry later."),
        .init(
            3, 1, "Mail system full", classes: [4], basic: [452], references: ["RFC 3463 §3.4"],
            "The receiving system has run out of room for mail as a whole, not just one mailbox. "
                + "Retry later; its operators have to free space."),
        .init(
            3, 2, "System not accepting network messages", classes: [4, 5], basic: [453, 521],
            references: ["RFC 3463 §3.4", "RFC 7504"],
            "The host is not taking mail: it is shutting down, overloaded or in maintenance, or (with 521) "
                + "never takes mail. Retry later after a 4xx; after a 5xx this host will not take it."),
        .init(
            3, 3, "System not capable of selected features", classes: [4, 5], references: ["RFC 3463 §3.4"],
            "The message asks for features the destination cannot provide, often at a gateway to another "
                + "mail system. Send without those features or by another route."),
        .init(
            3, 4, "Message too big for system", classes: [5], basic: [552, 554], references: ["RFC 3463 §3.4"],
            "The message is over the server's size limit. Compare its size with the SIZE value in the "
                + "EHLO reply and send something smaller."),
        .init(
            3, 5, "System incorrectly configured", classes: [4, 5], references: ["RFC 3463 §3.4"],
            "The receiving system is set up in a way that keeps it from taking this message. "
                + "Only its administrator can fix that; tell them."),
        .init(
            3, 6, "Requested priority was changed", classes: [2], basic: [250, 251], references: ["RFC 6710"],
            "The message was accepted, but not at the priority asked for with MT-PRIORITY; the reply text "
                + "gives the priority actually used. Nothing to do unless the priority matters."),

        // X.4.x: network and routing
        .init(
            4, 0, "Other or undefined network or routing status", classes: [4, 5],
            references: ["RFC 3463 §3.5"],
            "Something went wrong in the network or in routing, with no more detail. "
                + "Retry later; if it persists, check DNS and connectivity towards the destination."),
        .init(
            4, 1, "No answer from host", classes: [4], basic: [451], references: ["RFC 3463 §3.5"],
            "The next host did not answer the connection attempt. Usually temporary: retry later, and "
                + "check that the host is up and reachable on its SMTP port."),
        .init(
            4, 2, "Bad connection", classes: [4], basic: [421], references: ["RFC 3463 §3.5"],
            "A connection was made but broke down, by a time-out or poor quality, before the transaction "
                + "finished. Retry later."),
        .init(
            4, 3, "Directory server failure", classes: [4, 5], basic: [451, 550], references: ["RFC 3463 §3.5"],
            "A directory look-up, typically DNS, failed, so the message could not be routed. "
                + "Usually temporary; if it keeps happening, check the DNS servers in use."),
        .init(
            4, 4, "Unable to route", classes: [4, 5], references: ["RFC 3463 §3.5"],
            "The server could not work out where to send the message next, e.g. DNS has no MX or address "
                + "for the domain. Check the destination domain's DNS records."),
        .init(
            4, 5, "Mail system congestion", classes: [4], basic: [451], references: ["RFC 3463 §3.5"],
            "The mail system is congested and is putting delivery off. Retry later, perhaps more slowly."),
        .init(
            4, 6, "Routing loop detected", classes: [4], references: ["RFC 3463 §3.5"],
            "The message went round in a loop, through bad routing or forwarding rules, until it had too "
                + "many hops. Someone must fix the routing or forwarding; resending loops again."),
        .init(
            4, 7, "Delivery time expired", classes: [4, 5], references: ["RFC 3463 §3.5"],
            "The message got too old: it waited in a queue too long or its time-to-live ran out. "
                + "The real problem usually shows in earlier deferrals; fix that and send again."),
    ]
}
