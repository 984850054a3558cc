/// One mail transaction, from an accepted MAIL until the message is stored or reset.
struct Transaction: Sendable, Hashable {
    /// The reverse-path without brackets; empty for `<>`.
    var from: String
    /// The MAIL parameters as sent.
    var parameters: [String]
    /// `true` when MAIL carried SMTPUTF8 (RFC 6531), allowing UTF-8 addresses.
    var smtpUTF8: Bool
    /// The accepted forward-paths, in order.
    var recipients: [String] = []
    /// `true` once a BDAT chunk was read: DATA may not follow (RFC 3030 §2).
    var usedBDAT = false
    /// The reply an address trigger asked for at the end of the data (`552@fail.test`).
    var failAtEnd: ServerReply?
}

/// The bytes of a message body as they arrive, in bounded memory.
///
/// Everything is counted, but only the first `limit` bytes are kept: a client that sends
/// too much gets 552 at the end (RFC 1870 §6) without the server holding the excess.
struct BodyCollector: Sendable, Hashable {
    /// The SIZE limit in bytes.
    let limit: Int
    /// The bytes kept so far.
    private(set) var bytes: [UInt8] = []
    /// Every byte received, kept or not.
    private(set) var size = 0
    /// A DATA line ended with a bare LF.
    var sawBareLF = false
    /// A lone `.` ended by a bare LF came in the body (it did not end it).
    var sawLoneDotBareLF = false
    /// The line before ended with a bare LF, so a `.` CRLF now is not `CRLF . CRLF`.
    var previousLineEndedBareLF = false
    /// A DATA line was longer than 1000 octets (RFC 5321 §4.5.3.1.6).
    var sawLongLine = false

    init(limit: Int) {
        self.limit = limit
    }

    /// `true` once more than `limit` bytes arrived.
    var isOverLimit: Bool { size > limit }

    /// Counts bytes and keeps them while under the limit.
    mutating func append(_ chunk: some Collection<UInt8>) {
        size += chunk.count
        if size <= limit { bytes.append(contentsOf: chunk) } else if !bytes.isEmpty { bytes = [] }
    }
}
