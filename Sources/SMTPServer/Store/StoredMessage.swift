import SMTPCore
import SMTPDKIM

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A message the practice server accepted: its envelope, its bytes and when it came.
public struct StoredMessage: Sendable, Hashable, Identifiable {
    /// The queue id given in the 250 reply ("queued as …").
    public let id: String
    /// The MAIL FROM path; empty for `<>`.
    public let from: String
    /// The accepted RCPT TO paths.
    public let recipients: [String]
    /// The message as received: dot-unstuffed, lines ending in CRLF, no trace headers added.
    public let data: [UInt8]
    /// When the end of the message arrived.
    public let receivedAt: Date
    /// The rest of the envelope: parameters, client name and address, TLS, user.
    public let envelope: Envelope
    /// The name of the server that received it, for the trace fields.
    public let receivedBy: String
    /// Each DKIM signature's result, top to bottom; none when the message is not signed.
    public let dkim: [DKIMVerification]

    /// A stored message.
    public init(
        id: String, envelope: Envelope, data: [UInt8], receivedAt: Date, receivedBy: String = "localhost",
        dkim: [DKIMVerification] = []
    ) {
        self.id = id
        self.receivedBy = receivedBy
        self.dkim = dkim
        self.from = envelope.from
        self.recipients = envelope.recipients
        self.data = data
        self.receivedAt = receivedAt
        self.envelope = envelope
    }

    /// The `Subject:` header's value, if the message has one in its header section.
    public var subject: String? { Self.subject(in: data) }

    /// The `Subject:` header's value in a message's header section (trace fields on top of
    /// it, as the web view's stored copies have, are part of that section too).
    public static func subject(in data: [UInt8]) -> String? {
        // Read as bytes, line by line (CRLF), up to the blank line: every accepted message's
        // listing asks, so no text is made of the header section.
        let head = data.prefix(16_384)
        var start = head.startIndex
        while start < head.endIndex {
            var end = start
            while end < head.endIndex && !(head[end] == 0x0D && end + 1 < head.endIndex && head[end + 1] == 0x0A) {
                end += 1
            }
            let line = head[start..<end]
            if line.isEmpty { break }
            let lowered = line.prefix(8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            if lowered.elementsEqual("subject:".utf8) {
                return String(decoding: line.dropFirst(8), as: UTF8.self).trimmingWhitespace()
            }
            start = end + 2
        }
        return nil
    }

    /// The fields a receiving server puts on top: Return-Path and Received (RFC 5321 §4.4; the
    /// protocol ESMTP, ESMTPS, ESMTPA or ESMTPSA as RFC 3848 names it), then
    /// Authentication-Results with the DKIM results (RFC 8601).
    public var traceHeaders: String {
        let with = "ESMTP" + (envelope.overTLS ? "S" : "") + (envelope.authenticatedUser == nil ? "" : "A")
        let auth = envelope.authenticatedUser.map { " (authenticated as \($0))" } ?? ""
        return "Return-Path: <\(from)>\r\n"
            + "Received: from \(envelope.clientName) ([\(envelope.clientAddress)])\(auth)\r\n"
            + "\tby \(receivedBy) with \(with) id \(id);\r\n"
            + "\t\(Self.rfc5322Date(receivedAt))\r\n"
            + DKIMVerification.authenticationResultsField(host: receivedBy, dkim)
    }

    /// The DKIM results in one line, as Authentication-Results words them: `dkim=pass
    /// header.d=example.com header.s=sel …`, or `dkim=none` for a message without signature.
    public var dkimSummary: String {
        (dkim.isEmpty ? [DKIMVerification(.none)] : dkim).map(\.resultInfo).joined(separator: "; ")
    }

    /// The message as stored in a maildir: the trace fields, then the message as received.
    public var storedBytes: [UInt8] { Array(traceHeaders.utf8) + data }

    /// A date in local time as RFC 5322 writes it: `Tue, 3 Mar 2026 14:05:09 +0100`
    /// (English names whatever the locale, as `EEE, d MMM yyyy HH:mm:ss Z` in `en_US_POSIX`).
    package static func rfc5322Date(_ date: Date) -> String {
        RFC5322Date(localTime: Int64(date.timeIntervalSince1970.rounded(.down))).description
    }
}
