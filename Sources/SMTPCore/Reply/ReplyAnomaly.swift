/// A departure from RFC 5321 that the parser tolerated while still delivering the reply.
///
/// Errors (``ReplyParseError``) mean input could not become a reply; anomalies ride on a
/// reply that was understood, so the console can show the reply and warn beside it.
/// They are computed from the reply's lines, so a ``Reply`` built anywhere reports the same.
public struct ReplyAnomaly: Sendable, Hashable, CustomStringConvertible {
    /// Which rule the server bent.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// The line ended with a bare LF instead of CRLF (RFC 5321 §2.3.8 requires CRLF).
        case bareLineFeed
    }

    /// Which rule the server bent.
    public let kind: Kind
    /// The index in ``Reply/lines`` of the line concerned.
    public let lineIndex: Int

    public init(kind: Kind, lineIndex: Int) {
        self.kind = kind
        self.lineIndex = lineIndex
    }

    /// A sentence for the user, naming the line (counted from 1).
    public var message: String {
        switch kind {
        case .bareLineFeed:
            return "Line \(lineIndex + 1) of this reply ended with a bare LF instead of CRLF "
                + "(RFC 5321 §2.3.8); many clients and servers would misread it."
        }
    }

    public var description: String { message }
}

extension Reply {
    /// The departures from RFC 5321 tolerated in this reply, in line order (empty for a clean reply).
    public var anomalies: [ReplyAnomaly] {
        lines.indices.filter { lines[$0].endedWithBareLF }.map { ReplyAnomaly(kind: .bareLineFeed, lineIndex: $0) }
    }
}
