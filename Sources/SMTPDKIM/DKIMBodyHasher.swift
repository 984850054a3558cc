import Crypto
import SMTPCore

/// The SHA-256 of a canonicalized body, the `bh=` tag, computed from pieces of any size: a
/// body streamed from disk is never held whole.
///
///     var body = signer.bodyHasher()
///     while let chunk = read() { body.update(chunk) }
///     let field = try signer.signature(headers: headerBlock, bodyHash: body.finalize())
public struct DKIMBodyHasher: Sendable {
    private var canonicalizer: BodyCanonicalizer
    private var hash = SHA256()
    /// The `l=` count: only this many canonical bytes are hashed, or all when nil.
    private let limit: Int?
    private var length = 0

    /// A hasher for a body canonicalized by `algorithm`, hashing at most `limit` canonical bytes.
    public init(_ algorithm: CanonicalizationAlgorithm, limit: Int? = nil) {
        canonicalizer = BodyCanonicalizer(algorithm)
        self.limit = limit
    }

    /// Takes the next piece of the body; the pieces may split a line, a CRLF or a run of spaces.
    public mutating func update(_ chunk: some Collection<UInt8>) {
        let fed: Void? = chunk.withContiguousStorageIfAvailable { canonicalizer.feed($0) }
        if fed == nil { Array(chunk).withUnsafeBufferPointer { canonicalizer.feed($0) } }
        drain()
    }

    /// The hash of the body given so far, which is then its end.
    public consuming func finalize() -> DKIMBodyHash {
        canonicalizer.finish()
        drain()
        return DKIMBodyHash(
            digest: Array(hash.finalize()), canonicalLength: length, sawBareLineFeed: canonicalizer.sawBareLineFeed)
    }

    /// Hashes what the canonicalizer settled, up to the limit, and counts all of it.
    private mutating func drain() {
        let settled = canonicalizer.output
        guard !settled.isEmpty else { return }
        let room = limit.map { max(0, min(settled.count, $0 - length)) } ?? settled.count
        if room > 0 { settled.withUnsafeBytes { hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<room])) } }
        length += settled.count
        canonicalizer.output.removeAll(keepingCapacity: true)
    }
}

/// A body's hash and what the hasher saw on the way.
public struct DKIMBodyHash: Sendable, Hashable {
    /// The SHA-256 of the canonical body (of its first `l=` bytes when a limit was given).
    public let digest: [UInt8]
    /// How many bytes the whole canonical body has, limit or not.
    public let canonicalLength: Int
    /// `true` when a line ended in a bare LF, which a message as sent never has.
    public let sawBareLineFeed: Bool

    /// The `bh=` value.
    public var base64: String { Base64.encode(digest) }
}
