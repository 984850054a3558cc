import SMTPCore

/// The `_smtp._tls.DOMAIN` TXT record (RFC 8460 §3):
/// `v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.com/tlsrpt`. It says where
/// senders send their daily reports of TLS failures.
public struct TLSRPTRecord: Equatable, Sendable {
    /// Where a report goes.
    public enum Destination: Equatable, Sendable {
        /// By mail to this address (a `mailto:` URI; its `?` header fields dropped).
        case mail(String)
        /// By an HTTPS POST to this URL.
        case https(String)
    }

    /// The `rua` URIs, in order, with `%2C` and `%3B` decoded to `,` and `;`.
    public let rua: [Destination]

    /// The one record among the domain's TXT records (each one's strings already joined) that
    /// begins with `v=TLSRPTv1`. Records that do not are discarded; if none or several are
    /// left, or the one left is invalid, the domain has no TLS-RPT (the error says why).
    /// Fields other than `rua` are extensions and ignored.
    public init(selectingFrom records: [String]) throws(TXTRecordProblem) {
        let record = try TXTPolicyRecord(selectingFrom: records, version: "v=TLSRPTv1", known: ["rua"])
        guard let rua = record.fields["rua"] else { throw .missingField("rua") }
        var destinations: [Destination] = []
        for uri in rua.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingWhitespace() }) {
            guard let destination = Self.destination(uri) else { throw .invalidValue(field: "rua", value: uri) }
            destinations.append(destination)
        }
        self.rua = destinations
    }

    /// A `mailto:` URI with an address, or an `https:` URI with a host; the scheme in any case.
    private static func destination(_ uri: String) -> Destination? {
        guard let colon = uri.firstIndex(of: ":"), uri.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            return nil
        }
        let rest = decoded(uri[uri.index(after: colon)...])
        switch uri[..<colon].lowercased() {
        case "mailto":
            let address = String(rest.prefix { $0 != "?" })
            guard let at = address.firstIndex(of: "@"), at != address.startIndex, at != address.index(before: address.endIndex) else {
                return nil
            }
            return .mail(address)
        case "https":
            guard rest.hasPrefix("//"), !rest.dropFirst(2).prefix(while: { $0 != "/" }).isEmpty else { return nil }
            return .https("https:" + rest)
        default:
            return nil
        }
    }

    /// `%2C` and `%3B` (either case) as `,` and `;`, the two characters RFC 8460 §3 says a
    /// `rua` URI must escape; other escapes are left as they are.
    private static func decoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = RawEscapes.hexValue(utf8[index + 1]), let low = RawEscapes.hexValue(utf8[index + 2]),
                [0x2C, 0x3B].contains(high << 4 | low)
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension TLSRPTRecord.Destination {
    /// `mailto:tlsrpt@example.com` or the HTTPS URL, as a report shows it.
    public var text: String {
        switch self {
        case .mail(let address): "mailto:\(address)"
        case .https(let url): url
        }
    }
}
