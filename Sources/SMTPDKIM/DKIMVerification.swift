/// The result of checking one DKIM signature, in the words of an Authentication-Results
/// field (RFC 8601 §2.7.1).
public struct DKIMVerification: Sendable, Hashable {
    /// A DKIM result as RFC 8601 names it.
    public enum Result: String, Sendable, Hashable {
        /// The signature verified.
        case pass
        /// The signature did not verify (body hash, signature, expiry).
        case fail
        /// The signature could not be processed: its syntax, or an algorithm not known.
        case neutral
        /// The key is missing, revoked or unusable: a later try will not do better.
        case permerror
        /// The message has no signature.
        case none
    }

    public let result: Result
    /// Why, for anything but a plain pass: `body hash did not verify`.
    public let reason: String?
    /// `d=`, `s=` and `a=` as the field gave them, when it could be read that far.
    public let domain: String?
    public let selector: String?
    public let algorithm: String?
    /// The start of `b=`, which tells two signatures of one domain apart (RFC 6008).
    public let signaturePrefix: String?

    public init(
        _ result: Result, reason: String? = nil, domain: String? = nil, selector: String? = nil, algorithm: String? = nil,
        signaturePrefix: String? = nil
    ) {
        self.result = result
        self.reason = reason
        self.domain = domain
        self.selector = selector
        self.algorithm = algorithm
        self.signaturePrefix = signaturePrefix
    }

    /// The resinfo for an Authentication-Results field: `dkim=fail (body hash did not verify)
    /// header.d=example.com header.s=sel header.a=rsa-sha256 header.b=AbCdEfGh`.
    public var resultInfo: String {
        var words = ["dkim=\(result.rawValue)"]
        if let reason { words.append("(\(reason.replacing("(", with: "[").replacing(")", with: "]")))") }
        let properties = [("header.d", domain), ("header.s", selector), ("header.a", algorithm), ("header.b", signaturePrefix)]
        for case (let name, let value?) in properties where Self.isPropertyValue(value) {
            words.append("\(name)=\(value)")
        }
        return words.joined(separator: " ")
    }

    /// The Authentication-Results field a receiving server `host` adds for these results (one
    /// per signature; `dkim=none` when there are none), folded, ending in CRLF.
    public static func authenticationResultsField(host: String, _ results: [DKIMVerification]) -> String {
        let infos = (results.isEmpty ? [DKIMVerification(.none)] : results).map(\.resultInfo)
        return "Authentication-Results: \(host);" + infos.map { "\r\n\t" + $0 }.joined(separator: ";") + "\r\n"
    }

    /// `true` for a value a property may carry unquoted: a token or a dot-atom (RFC 8601 §2.2).
    private static func isPropertyValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { (0x21...0x7E).contains($0) && !Array("()<>,;:\\\"[]".utf8).contains($0) }
    }
}
