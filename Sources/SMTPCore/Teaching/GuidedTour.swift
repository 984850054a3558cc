/// A guided tour of one complete SMTP conversation, for `/help tour`.
///
/// The conversation is the classic example (greeting, HELO, MAIL, RCPT, DATA, the
/// message, QUIT); each line is followed by a one-line note on what it does or what the
/// reply means. The protocol lines are the facts; the notes are ours.
public enum GuidedTour {
    /// One line of the conversation and its note.
    public struct Step: Sendable, Hashable {
        /// Who sends the line.
        public enum Speaker: Sendable, Hashable {
            case server
            case client
        }

        /// Who sends the line.
        public let speaker: Speaker
        /// The line as sent on the wire, without its CRLF (an empty string is an empty line).
        public let line: String
        /// What it does or means, in one line; `nil` for lines the previous note covers.
        public let note: String?

        init(_ speaker: Speaker, _ line: String, _ note: String? = nil) {
            self.speaker = speaker
            self.line = line
            self.note = note
        }
    }

    /// The conversation, in order.
    public static let steps: [Step] = [
        Step(
            .server, "220 smtp.example.com Service Ready",
            "The greeting: 220 means ready, and the server gives its name. The client speaks after it."),
        Step(
            .client, "HELO client.mydomain.com",
            "Introduce yourself by host name. The modern form is EHLO client.mydomain.com."),
        Step(
            .server, "250 smtp.example.com",
            "Hello accepted. After EHLO this 250 also lists the server's extensions (SIZE, STARTTLS...)."),
        Step(
            .client, "MAIL FROM:<somebody@mydomain.com>",
            "Start a message with the envelope sender (bounces go there): no space after the colon."),
        Step(
            .server, "250 <somebody@mydomain.com> Sender OK",
            "Sender accepted: a mail transaction is open."),
        Step(
            .client, "RCPT TO:<mailbox@example.com>",
            "Name a recipient; send one RCPT TO per recipient."),
        Step(
            .server, "250 <mailbox@example.com> Recipient OK",
            "Recipient accepted. A refused one (550...) leaves the others and the transaction alone."),
        Step(
            .client, "DATA",
            "Ask to send the message itself."),
        Step(
            .server, "354 OK Send! End with <CRLF>.<CRLF>",
            "Go ahead: from now on every line is part of the message, not a command."),
        Step(
            .client, "From: <somebody@mydomain.com>",
            "The message: header lines the reader sees (they need not match the envelope)..."),
        Step(.client, "To: <mailbox@example.com>"),
        Step(.client, "Subject: Test"),
        Step(
            .client, "",
            "...an empty line that ends the headers..."),
        Step(
            .client, "Hello from the guided tour.",
            "...and the body."),
        Step(
            .client, ".",
            "A line holding only a dot ends the message (CRLF . CRLF on the wire)."),
        Step(
            .server, "250 Received OK",
            "Accepted: the server is now responsible for delivering it. Another MAIL FROM may follow."),
        Step(
            .client, "QUIT",
            "Say goodbye."),
        Step(
            .server, "221 Goodbye",
            "The server closes the connection."),
    ]

    /// The lines before the conversation.
    static let introduction = [
        "A complete SMTP conversation, annotated (S: the server, C: you, the client).",
        "It is the classic example, with HELO; today's clients say EHLO, which works the same here.",
        "",
    ]

    /// How to try it, after the conversation.
    static let tryItHere = [
        "",
        "Try it here: `smtpc` with no host starts the practice server on this machine and connects.",
        "Its demo account is learner / practice (AUTH after STARTTLS); /state shows where you are,",
        "/inbox what the server received. Type the commands above, with EHLO instead of HELO.",
    ]

    /// The whole tour as printed by `/help tour`: the conversation with a note under each step.
    public static let lines: [String] = introduction + steps.flatMap(render) + tryItHere

    /// A step as one protocol line and, if it has one, its note indented below it.
    private static func render(_ step: Step) -> [String] {
        let shown = step.line.isEmpty ? "(empty line)" : step.line
        let line = "  \(step.speaker == .server ? "S" : "C"): \(shown)"
        guard let note = step.note else { return [line] }
        return [line, "       \(note)"]
    }
}
