import Crypto
import SMTPCore

/// Signs messages with DKIM (RFC 6376; Ed25519 by RFC 8463): the DKIM-Signature field to put
/// on top of a message, computed from the message as built (CRLF line ends, not dot-stuffed).
///
/// Pure: no clock, no DNS, no files; the time for `t=` is given.
public struct DKIMSigner: Sendable {
    /// The fields signed by default, those of them a message has: the ones a reader sees and
    /// the ones that decide how the body is read. From is signed whatever the list says.
    public static let defaultHeaders = [
        "from", "to", "cc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "reply-to", "in-reply-to", "references",
    ]

    public let key: DKIMPrivateKey
    /// The signing domain, `d=`.
    public let domain: String
    /// The selector, `s=`: the key record is at `SELECTOR._domainkey.DOMAIN`.
    public let selector: String
    public let canonicalization: Canonicalization
    /// The names of the fields to sign, in lower case, From first.
    public let headers: [String]
    /// When `true`, each name is listed once more than the message has such fields (once for
    /// a field it lacks), so that a field added in transit breaks the signature.
    public let oversign: Bool
    /// Seconds since 1970 for `t=`, or nil for none.
    public let timestamp: UInt64?
    /// Seconds since 1970 for `x=`, or nil for no expiry.
    public let expiration: UInt64?

    /// A signer; the names and the times are checked here, so signing fails only on the message.
    public init(
        key: DKIMPrivateKey, domain: String, selector: String, canonicalization: Canonicalization = .relaxed,
        headers: [String] = DKIMSigner.defaultHeaders, oversign: Bool = false, timestamp: UInt64? = nil,
        expiration: UInt64? = nil
    ) throws(DKIMSigningError) {
        guard Self.isDomainName(domain) else { throw .invalidDomain(domain) }
        guard Self.isDomainName(selector) else { throw .invalidSelector(selector) }
        var names = ["from"]
        for name in headers.map({ $0.trimmingWhitespace().lowercased() }) where !names.contains(name) {
            guard !name.isEmpty, name.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != 0x3A && $0 != 0x3B })
            else { throw .invalidHeaderName(name) }
            names.append(name)
        }
        if let expiration, let timestamp, expiration <= timestamp { throw .expirationNotAfterTimestamp }
        self.key = key
        self.domain = domain
        self.selector = selector
        self.canonicalization = canonicalization
        self.headers = names
        self.oversign = oversign
        self.timestamp = timestamp
        self.expiration = expiration
    }

    /// The DKIM-Signature field for `message` (CRLF line ends throughout), folded, ending in
    /// CRLF: put it before the message's first line.
    public func signature(for message: [UInt8]) throws(DKIMSigningError) -> String {
        let body = SignedMessage(message).body
        var hasher = bodyHasher()
        hasher.update(body)
        return try signature(headers: Array(message[..<body.startIndex]), bodyHash: hasher.finalize())
    }

    /// A hasher for the body, to be fed in pieces of any size and given to
    /// ``signature(headers:bodyHash:)``: a body that is never held whole can be signed.
    public func bodyHasher() -> DKIMBodyHasher { DKIMBodyHasher(canonicalization.body) }

    /// The DKIM-Signature field for a message whose header section is `headers` (its fields
    /// with their CRLFs, the empty line after them or not) and whose body hashed to `bodyHash`.
    public func signature(headers: [UInt8], bodyHash: DKIMBodyHash) throws(DKIMSigningError) -> String {
        let hasBareLineFeed = headers.indices.contains { headers[$0] == 0x0A && ($0 == 0 || headers[$0 - 1] != 0x0D) }
        guard !hasBareLineFeed && !bodyHash.sawBareLineFeed else { throw .bareLineFeed }
        let parsed = SignedMessage(headers)
        guard parsed.count(of: "from") > 0 else { throw .noFromField }
        let signedNames = self.headers.flatMap { name in
            Array(repeating: name, count: parsed.count(of: name) + (oversign ? 1 : 0))
        }

        var field = HeaderFolder(name: "DKIM-Signature")
        var tags = ["v=1", "a=\(key.algorithm.rawValue)", "c=\(canonicalization)", "d=\(domain)", "s=\(selector)"]
        if let timestamp { tags.append("t=\(timestamp)") }
        if let expiration { tags.append("x=\(expiration)") }
        for tag in tags { field.append(tag + ";") }
        // Folding whitespace may come before each colon of h= (RFC 6376 §3.5).
        for (index, name) in signedNames.enumerated() {
            let piece = (index == 0 ? "h=" : ":") + name + (index == signedNames.count - 1 ? ";" : "")
            field.append(piece, joiner: index == 0 ? " " : "")
        }
        field.append("bh=\(bodyHash.base64);")
        field.append("b=")

        // The hash input: the signed fields, then this field with b= empty and no final CRLF.
        var data: [UInt8] = []
        for signed in parsed.fields(named: signedNames) { data += canonicalization.header.canonicalHeaderField(Array(signed.bytes)) }
        data += canonicalization.header.canonicalHeaderField(Array((field.text + "\r\n").utf8)).dropLast(2)
        let signature: [UInt8]
        do {
            signature = try key.signature(of: data)
        } catch {
            throw .signingFailed("\(error)")
        }
        for piece in Base64.encode(signature).pieces(ofLength: 64) { field.append(String(piece), joiner: "") }
        return field.text + "\r\n"
    }

    /// The message with its DKIM-Signature field on top.
    public func signed(_ message: [UInt8]) throws(DKIMSigningError) -> [UInt8] {
        Array(try signature(for: message).utf8) + message
    }

    /// `true` for dot-separated labels of ASCII letters, digits and inner hyphens (RFC 5321's
    /// sub-domain, which `d=` and `s=` use).
    public static func isDomainName(_ text: String) -> Bool {
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20)
        }
        let labels = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return text.utf8.count <= 253
            && labels.allSatisfy { label in
                guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
                return isLetterOrDigit(first) && isLetterOrDigit(last)
                    && label.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
            }
    }
}
