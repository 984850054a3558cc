// The first two numbers of an enhanced code: its class and its subject.
// Names follow the IANA registry; explanations are our own.

extension EnhancedStatusCodeTable {
    /// Classes and subjects are all defined in one place.
    private static let structureReference = ["RFC 3463 §2"]

    private static func classInfo(_ statusClass: Int, _ title: String, _ explanation: String) -> EnhancedClassInfo {
        EnhancedClassInfo(statusClass: statusClass, title: title, explanation: explanation, references: structureReference)
    }

    private static func subjectInfo(_ subject: Int, _ title: String, _ explanation: String) -> EnhancedSubjectInfo {
        EnhancedSubjectInfo(subject: subject, title: title, explanation: explanation, references: structureReference)
    }

    static let classData: [EnhancedClassInfo] = [
        classInfo(
            2, "Success",
            "The action worked. The rest of the code may add a note about how it was done, "
                + "for example a conversion the server had to make; nothing needs fixing."),
        classInfo(
            4, "Persistent transient failure",
            "The request was acceptable but a temporary condition stopped it. Keep the message "
                + "and try again later; if the condition lasts, a mail server eventually gives up and bounces it."),
        classInfo(
            5, "Permanent failure",
            "Sending the same thing again will fail the same way. Something about the message, "
                + "the address or the set-up has to change first."),
    ]

    static let subjectData: [EnhancedSubjectInfo] = [
        subjectInfo(
            0, "Other or undefined status",
            "The server gives no subject; only the class says whether it worked."),
        subjectInfo(
            1, "Addressing status",
            "About an address, the sender's or a recipient's: its syntax or whether it exists. "
                + "Usually the sender can fix it by correcting the address."),
        subjectInfo(
            2, "Mailbox status",
            "The address is fine but the mailbox behind it has a problem, such as being full or "
                + "disabled. Often only the mailbox's owner can fix it."),
        subjectInfo(
            3, "Mail system status",
            "About the receiving system as a whole (storage, load, size limits, configuration) "
                + "rather than one mailbox."),
        subjectInfo(
            4, "Network and routing status",
            "About getting the message to the next hop: DNS, connections, routing, time limits."),
        subjectInfo(
            5, "Mail delivery protocol status",
            "About the SMTP conversation itself: a command out of order, bad syntax or bad arguments."),
        subjectInfo(
            6, "Message content or media status",
            "About the message's content: its media type, its encoding or a conversion it needs."),
        subjectInfo(
            7, "Security or policy status",
            "About security or local policy: authentication, permission, encryption, and sender "
                + "checks such as SPF and DKIM."),
    ]
}
