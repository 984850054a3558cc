import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks the DKIM signatures of a received message (RFC 6376 §6; Ed25519 by RFC 8463):
/// rsa-sha256 and ed25519-sha256, simple and relaxed, `l=` honoured, `x=` against the clock.
///
/// No DNS of its own: the key records come from `keyLookup`, given the selector and domain
/// (a zone file, a test's table, or a resolver).
public struct DKIMVerifier: Sendable {
    /// The TXT record at `SELECTOR._domainkey.DOMAIN`, or nil when there is none.
    public typealias KeyLookup = @Sendable (_ selector: String, _ domain: String) -> String?

    private let keyLookup: KeyLookup
    private let clock: @Sendable () -> UInt64

    /// A verifier finding keys with `keyLookup`; `clock` gives the seconds since 1970 that
    /// `x=` is compared with (the system's time unless a test gives another).
    public init(clock: @escaping @Sendable () -> UInt64 = { UInt64(max(0, time(nil))) }, keyLookup: @escaping KeyLookup) {
        self.clock = clock
        self.keyLookup = keyLookup
    }

    /// One result per DKIM-Signature field of `message` (as received: CRLF line ends, not
    /// dot-stuffed), top to bottom; none when it has no signature.
    public func verify(_ message: [UInt8]) -> [DKIMVerification] {
        let parsed = SignedMessage(message)
        return parsed.fields.filter { $0.name == "dkim-signature" }.map { verify($0, of: parsed) }
    }

    private func verify(_ field: SignedMessage.Field, of message: SignedMessage) -> DKIMVerification {
        let colon = field.bytes.firstIndex(of: UInt8(ascii: ":")) ?? field.bytes.endIndex
        var value = field.bytes[(colon + 1)...]
        if value.suffix(2).elementsEqual([0x0D, 0x0A]) { value = value.dropLast(2) }
        let signature: DKIMSignatureField
        do {
            signature = try DKIMSignatureField(value: value)
        } catch {
            let tags = try? DKIMTagList(value)
            return DKIMVerification(
                error.result, reason: error.reason, domain: tags?["d"], selector: tags?["s"], algorithm: tags?["a"])
        }
        let prefix = String(DKIMTagList.compact(signature.tags["b"] ?? "").prefix(8))
        func result(_ result: DKIMVerification.Result, _ reason: String? = nil) -> DKIMVerification {
            DKIMVerification(
                result, reason: reason, domain: signature.domain, selector: signature.selector,
                algorithm: signature.algorithm.rawValue, signaturePrefix: prefix)
        }
        if let expiration = signature.expiration, expiration < clock() { return result(.fail, "signature expired") }

        var hasher = DKIMBodyHasher(signature.canonicalization.body, limit: signature.bodyLength)
        hasher.update(message.body)
        let bodyHash = hasher.finalize()
        if let length = signature.bodyLength, length > bodyHash.canonicalLength {
            return result(.fail, "l=\(length) is longer than the body (\(bodyHash.canonicalLength) bytes)")
        }
        guard bodyHash.digest == signature.bodyHash else { return result(.fail, "body hash did not verify") }

        guard let record = keyLookup(signature.selector, signature.domain) else {
            return result(.permerror, "no key for signature at \(signature.selector)._domainkey.\(signature.domain)")
        }
        let key: DKIMPublicKey
        do {
            key = try DKIMPublicKey(record: record, for: signature.algorithm)
        } catch {
            return result(error.result, error.reason)
        }
        // The hash input: the fields h= selects, then this field with b='s value taken out and
        // no final CRLF (RFC 6376 §3.7).
        let header = signature.canonicalization.header
        var data: [UInt8] = []
        for signed in message.fields(named: signature.signedHeaders) { data += header.canonicalHeaderField(Array(signed.bytes)) }
        var unsigned = Array(field.bytes)
        if let b = signature.tags.tags.first(where: { $0.name == "b" }) {
            // The tags' ranges index the message, as the field's bytes do.
            let start = field.bytes.startIndex
            unsigned.removeSubrange((b.valueRange.lowerBound - start)..<(b.valueRange.upperBound - start))
        }
        data += header.canonicalHeaderField(unsigned).dropLast(2)
        guard key.isValidSignature(signature.signature, for: data) else { return result(.fail, "signature did not verify") }
        if let length = signature.bodyLength, length < bodyHash.canonicalLength {
            return result(.pass, "only the first \(length) of \(bodyHash.canonicalLength) body bytes are signed (l=)")
        }
        return result(.pass)
    }
}
