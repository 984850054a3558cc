/// The command a reply answers, when the meaning of its code depends on it.
///
/// 250 after EHLO lists extensions, after RCPT accepts a recipient, after the final dot
/// accepts a message; 354 only ever follows DATA; 334 only AUTH. The console decides
/// the context from the command it sent (or from the connection phase, for the greeting
/// and the end of DATA) and asks the reply-code table for the meaning in that context.
public enum ReplyContext: String, CaseIterable, Sendable, Hashable {
    /// The greeting (banner) sent when the connection opens.
    case greeting
    case helo
    case ehlo
    /// LMTP's LHLO (RFC 2033).
    case lhlo
    case mailFrom
    case rcptTo
    /// The reply to the DATA command itself (normally 354).
    case data
    /// The reply to the final `.` that ends a DATA body.
    case endOfData
    /// BDAT chunks (RFC 3030).
    case bdat
    /// The AUTH command (RFC 4954).
    case auth
    /// A line sent in answer to a 334 challenge.
    case authResponse
    /// STARTTLS (RFC 3207).
    case startTLS
    case vrfy
    case expn
    case help
    case noop
    case rset
    case quit
    /// Anything else (unknown verbs, raw bytes).
    case other
}
