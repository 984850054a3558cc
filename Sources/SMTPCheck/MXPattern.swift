/// One `mx` line of an MTA-STS policy: a host name, or `*.` and a domain, which matches a host
/// one label below that domain (RFC 8461 §4.1).
public struct MXPattern: Equatable, Sendable {
    /// The pattern as the policy gives it.
    public let text: String
    /// The domain after `*.`, or `nil` for an exact name (lowercased, no trailing dot).
    private let wildcardDomain: String?
    /// The exact name (lowercased, no trailing dot) when there is no wildcard.
    private let name: String

    /// `nil` unless `text` is a host name (labels of letters, digits, `-` and `_`) with an
    /// optional `*.` in front and an optional dot at the end.
    public init?(_ text: String) {
        let isWildcard = text.hasPrefix("*.")
        let host = Self.normalized(isWildcard ? String(text.dropFirst(2)) : text)
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard
            labels.allSatisfy({ label in
                !label.isEmpty && label.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" }
            })
        else { return nil }
        self.text = text
        self.name = host
        self.wildcardDomain = isWildcard ? host : nil
    }

    /// Whether the MX host `host` matches: case-insensitively, a trailing dot ignored; a
    /// wildcard stands for exactly one leftmost label (`*.example.com` matches
    /// `mx1.example.com`, not `a.b.example.com` nor `example.com`).
    public func matches(_ host: String) -> Bool {
        let host = Self.normalized(host)
        guard let domain = wildcardDomain else { return host == name }
        guard host.hasSuffix("." + domain) else { return false }
        let label = host.dropLast(domain.count + 1)
        return !label.isEmpty && !label.contains(".")
    }

    /// ASCII-lowercased, without one trailing dot.
    private static func normalized(_ host: String) -> String {
        String(host.hasSuffix(".") ? host.dropLast() : host[...]).lowercased()
    }
}
