/// What became of one message: each recipient's answer, the message's final reply and
/// queue ID, and the outcome that sums them up (for `smtpc send`'s table, exit status
/// and `--json`).
///
/// The outcome, from the replies:
/// - ``Outcome/allAccepted``: every RCPT TO was accepted and so was the message.
/// - ``Outcome/someRefused``: some RCPT TO were refused, and the message was accepted
///   for the others (a distinct exit status: it reached only part of its audience).
/// - ``Outcome/allRefused``: every RCPT TO was refused, so no message was sent.
/// - ``Outcome/messageRefused``: MAIL FROM was refused, or at least one recipient was
///   accepted but the message was not: DATA (or BDAT) refused, a negative final reply,
///   or no final reply at all (the connection ended).
///
/// A 4xx and a 5xx count alike here; the replies themselves say which it was.
public struct DeliveryResult: Sendable, Hashable {
    /// One reply, reduced to what a table or a JSON object shows.
    public struct ReplySummary: Sendable, Hashable {
        /// The three-digit code.
        public let code: Int
        /// The enhanced status code at the start of the first line (RFC 3463), if any.
        public let enhancedCode: EnhancedStatusCode?
        /// The text of the lines, each without its leading enhanced code, joined by spaces.
        public let text: String

        /// The summary of a reply.
        public init(_ reply: Reply) {
            code = reply.code
            enhancedCode = reply.lines.first.flatMap { EnhancedStatusCode.prefix(of: $0.text)?.code }
            text = reply.lines.map { line in
                let skipped = EnhancedStatusCode.prefix(of: line.text).map { $0.length + 1 } ?? 0
                return String(decoding: line.text.dropFirst(skipped), as: UTF8.self)
            }.joined(separator: " ")
        }

        /// 2xx: accepted.
        public var isAccepted: Bool { code / 100 == 2 }
    }

    /// One recipient and the answer to its RCPT TO.
    public struct Recipient: Sendable, Hashable {
        /// The address as sent.
        public let address: String
        /// The reply to its RCPT TO; nil when the command was never answered (MAIL FROM
        /// was refused first, or the connection ended).
        public let reply: ReplySummary?

        /// Whether the server accepted this recipient (a 2xx reply).
        public var isAccepted: Bool { reply?.isAccepted == true }
    }

    /// How the transaction went as a whole (see the type's description).
    public enum Outcome: String, Sendable, CaseIterable {
        case allAccepted = "all-accepted"
        case someRefused = "some-refused"
        case allRefused = "all-refused"
        case messageRefused = "message-refused"
    }

    /// The reply to MAIL FROM; nil when it never came.
    public let mail: ReplySummary?
    /// Every recipient in the order its RCPT TO was sent.
    public let recipients: [Recipient]
    /// The reply that decided the message: to the end of DATA or to BDAT LAST, or the
    /// refusal of DATA itself; nil when the message was not sent or no reply came.
    public let final: ReplySummary?
    /// The queue ID named by a positive final reply, when in a known format.
    public let queueID: QueueID?
    /// The outcome derived from the replies.
    public let outcome: Outcome

    /// Records the replies of one transaction.
    ///
    /// - Parameters:
    ///   - mail: the reply to MAIL FROM (nil when none came).
    ///   - recipients: each address with the reply to its RCPT TO (nil when none came).
    ///   - final: the reply to the end of the message (DATA's `.` or BDAT LAST), or DATA's
    ///     own refusal; nil when the message was not sent or the connection ended first.
    public init(mail: Reply?, recipients: [(address: String, reply: Reply?)], final: Reply?) {
        self.mail = mail.map(ReplySummary.init)
        self.recipients = recipients.map { Recipient(address: $0.address, reply: $0.reply.map(ReplySummary.init)) }
        self.final = final.map(ReplySummary.init)
        queueID = final.flatMap(QueueID.init(finalReply:))

        let accepted = self.recipients.filter(\.isAccepted).count
        if self.mail?.isAccepted != true {
            outcome = .messageRefused
        } else if accepted == 0 {
            outcome = .allRefused
        } else if self.final?.isAccepted != true {
            outcome = .messageRefused
        } else {
            outcome = accepted == self.recipients.count ? .allAccepted : .someRefused
        }
    }
}
