/// Checks that a certificate names the server we meant, by DNS name only (RFC 6125 §6.4).
///
/// NIOSSL also accepts a certificate whose IP address entry matches the peer's address,
/// even when a host name was given. When the user named a host (or gave `--servername`)
/// that is not enough: a spoofed DNS answer could send us to an address whose owner holds
/// a valid certificate for that address. So, with a name, the name itself must match.
enum ServerNameCheck {
    /// Whether `name` is covered by the certificate's DNS names (or, without any, its common name).
    static func matches(name: String, dnsNames: [String], commonName: String?) -> Bool {
        let reference = normalized(name)
        guard !reference.isEmpty else { return false }
        // RFC 6125 §6.4.4: the common name is consulted only when there is no DNS name at all.
        let presented = dnsNames.isEmpty ? (commonName.map { [$0] } ?? []) : dnsNames
        return presented.contains { matches(reference: reference, presented: normalized($0)) }
    }

    /// Lower-cased, without a trailing dot (names are compared case-insensitively, RFC 4343).
    private static func normalized(_ name: String) -> String {
        var lowered = name.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }

    /// Exact match, or a wildcard standing for exactly the whole left-most label (`*.example.com`).
    private static func matches(reference: String, presented: String) -> Bool {
        if reference == presented { return true }
        guard presented.hasPrefix("*.") else { return false }
        let suffix = presented.dropFirst(1)  // ".example.com"
        // At least two labels after the wildcard, so `*.com` never matches.
        guard suffix.dropFirst().contains("."), reference.hasSuffix(suffix) else { return false }
        let label = reference.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".")
    }
}
