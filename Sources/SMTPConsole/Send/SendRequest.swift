import SMTPCore
import SMTPMessage

/// What `smtpc send` (and `/compose`) is asked to send: the envelope, the message (built
/// from a ``MessageSpec`` or a file sent unchanged), DKIM, and how to report.
public struct SendRequest: Sendable {
    /// Where the message comes from.
    public enum Message: Sendable {
        /// Built from the options; SMTPUTF8, 8BITMIME and the Message-ID's domain are filled
        /// in once the server's EHLO reply is known.
        case build(MessageSpec)
        /// `--message FILE`: an existing message, sent unchanged (line ends made CRLF and
        /// dot-stuffed on the wire, as `/send` does).
        case file(String)
    }

    /// `--dkim DOMAIN:SELECTOR:KEYFILE` and `--dkim-headers`.
    public struct DKIM: Sendable {
        public var domain: String
        public var selector: String
        public var keyFile: String
        /// The fields to sign; nil: the signer's default list.
        public var headers: [String]?

        public init(domain: String, selector: String, keyFile: String, headers: [String]? = nil) {
            self.domain = domain
            self.selector = selector
            self.keyFile = keyFile
            self.headers = headers
        }
    }

    /// How the result is reported.
    public enum Report: Sendable {
        /// The conversation as in the console, then the table of recipients.
        case conversation
        /// `--quiet`: the table only.
        case quiet
        /// `--json`: one JSON object on standard output (docs/send-result.schema.json); the
        /// conversation goes to standard error.
        case json
    }

    /// The envelope: sender, recipients with their DSN parameters, RET, ENVID, SMTPUTF8
    /// and REQUIRETLS. SIZE and BODY are filled in from the message.
    public var envelope: MailEnvelope
    public var message: Message
    public var dkim: DKIM?
    /// `--repeat N`: the same message N times over one connection.
    public var repeatCount: Int
    /// `--bdat`: CHUNKING instead of DATA.
    public var bdat: Bool
    public var report: Report

    public init(
        envelope: MailEnvelope, message: Message, dkim: DKIM? = nil, repeatCount: Int = 1, bdat: Bool = false,
        report: Report = .conversation
    ) {
        self.envelope = envelope
        self.message = message
        self.dkim = dkim
        self.repeatCount = repeatCount
        self.bdat = bdat
        self.report = report
    }
}
