/// The steps of the practice lesson, in the order a student is expected to reach them
/// (issue 27): the one table of them, each with its title and the hint shown to a student
/// stuck at it. ``LessonProgress`` says which a student has reached.
public enum LessonStep: String, Sendable, CaseIterable, Hashable {
    /// The server's greeting (220) was received.
    case greeted
    /// EHLO was answered with 250.
    case ehlo
    /// A message was accepted: 250 after the end of DATA or the last BDAT chunk.
    case messageAccepted
    /// TLS was established after STARTTLS.
    case startTLS
    /// AUTH succeeded (235).
    case auth
    /// A recipient was refused (4xx or 5xx) and the client went on with RSET or another RCPT.
    case refusedRecipientHandled
    /// Two or more commands were sent before their replies came (PIPELINING).
    case pipelined
    /// A conversation's client lines repeated an earlier one's exactly (`smtpc replay`).
    case transcriptReplayed

    /// The step's title, for the progress table.
    public var title: String { Self.table[self]!.title }

    /// What to try next when this is the first step not reached.
    public var hint: String { Self.table[self]!.hint }

    private static let table: [LessonStep: (title: String, hint: String)] = [
        .greeted: ("Greeted", "Connect to the practice server and wait for its 220 greeting before typing anything."),
        .ehlo: ("EHLO", "Introduce yourself with EHLO and a name (EHLO my-laptop): the 250 reply lists what the server supports."),
        .messageAccepted: (
            "Message accepted",
            "Send a message: MAIL FROM:<you@example.org>, RCPT TO:<friend@example.org>, DATA, the message, then a line with a single dot."
        ),
        .startTLS: (
            "STARTTLS", "Type STARTTLS, then EHLO again: everything after the handshake is encrypted (smtpc --starttls does both)."
        ),
        .auth: ("AUTH", "After STARTTLS and EHLO, log in with AUTH PLAIN (or /auth in smtpc) with your class account."),
        .refusedRecipientHandled: (
            "Refused recipient handled",
            "Ask for a refused recipient (RCPT TO:<550@fail.test>), read the reply, then go on with RSET or another RCPT."
        ),
        .pipelined: (
            "Pipelined group",
            "The server offers PIPELINING: send MAIL FROM, RCPT TO and DATA in one go, then read the three replies in order."
        ),
        .transcriptReplayed: (
            "Transcript replayed",
            "Record a conversation (smtpc --record FILE), then run it again with smtpc replay FILE and compare the replies."
        ),
    ]
}
