import SMTPCore

/// A DKIM-Signature field read for verification (RFC 6376 §3.5), its tags checked as §6.1.1
/// says; a field that fails them is refused with the reason.
struct DKIMSignatureField {
    let tags: DKIMTagList
    let algorithm: DKIMAlgorithm
    let canonicalization: Canonicalization
    let domain: String
    let selector: String
    /// `h=`, in lower case, in order.
    let signedHeaders: [String]
    let bodyHash: [UInt8]
    let signature: [UInt8]
    /// `l=`, the body length signed, or nil for all of it.
    let bodyLength: Int?
    let timestamp: UInt64?
    let expiration: UInt64?

    /// Why a field cannot be checked, and the result it gives.
    struct Refusal: Error {
        let result: DKIMVerification.Result
        let reason: String
    }

    /// The field's tags, from the bytes after its colon.
    init(value: ArraySlice<UInt8>) throws(Refusal) {
        let tags: DKIMTagList
        do {
            tags = try DKIMTagList(value)
        } catch {
            throw Self.syntax(error.reason)
        }
        self.tags = tags
        func required(_ name: String) throws(Refusal) -> String {
            guard let value = tags[name] else { throw Refusal(result: .neutral, reason: "signature has no \(name)= tag") }
            return value
        }
        let syntax = Self.syntax
        guard try required("v") == "1" else { throw Refusal(result: .neutral, reason: "signature version is not 1") }
        let algorithmName = try required("a")
        guard let algorithm = DKIMAlgorithm(rawValue: algorithmName.lowercased()) else {
            throw Refusal(result: .neutral, reason: "unsupported algorithm \(algorithmName)")
        }
        self.algorithm = algorithm
        guard let canonicalization = Canonicalization(tags["c"]?.lowercased() ?? "simple/simple") else {
            throw Refusal(result: .neutral, reason: "unsupported canonicalization \(tags["c"] ?? "")")
        }
        self.canonicalization = canonicalization
        domain = try required("d")
        selector = try required("s")
        guard DKIMSigner.isDomainName(domain), DKIMSigner.isDomainName(selector) else { throw syntax("d= or s= is not a domain name") }
        signedHeaders = DKIMTagList.compact(try required("h")).lowercased().split(separator: ":").map(String.init)
        guard signedHeaders.contains("from") else { throw syntax("h= does not sign From") }
        let bodyHashText = try required("bh")
        let signatureText = try required("b")
        guard let bodyHash = try? Base64.decode(DKIMTagList.compact(bodyHashText)), bodyHash.count == 32 else {
            throw syntax("bh= is not a SHA-256 hash in base64")
        }
        self.bodyHash = bodyHash
        guard let signature = try? Base64.decode(DKIMTagList.compact(signatureText)), !signature.isEmpty else {
            throw syntax("b= is not base64")
        }
        self.signature = signature
        bodyLength = try Self.number("l", in: tags).map { Int($0) }
        timestamp = try Self.number("t", in: tags)
        expiration = try Self.number("x", in: tags)
        if let timestamp, let expiration, expiration < timestamp { throw syntax("x= is before t=") }
        if let identity = tags["i"] {
            let identityDomain = identity.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            let lowered = identityDomain.lowercased()
            guard lowered == domain.lowercased() || lowered.hasSuffix("." + domain.lowercased()) else {
                throw syntax("i= is not in the domain d=")
            }
        }
        if let query = tags["q"], !DKIMTagList.compact(query).lowercased().split(separator: ":").contains("dns/txt") {
            throw Refusal(result: .neutral, reason: "unsupported query method \(query)")
        }
    }

    /// The refusal for a field whose tags are malformed.
    private static func syntax(_ reason: String) -> Refusal {
        Refusal(result: .neutral, reason: "signature syntax error: \(reason)")
    }

    /// The tag `name` as a number of at most 18 digits, or nil when it is absent.
    private static func number(_ name: String, in tags: DKIMTagList) throws(Refusal) -> UInt64? {
        guard let text = tags[name] else { return nil }
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = UInt64(text)
        else { throw syntax("\(name)= is not a number") }
        return value
    }
}
