import Testing

@testable import SMTPDKIM

/// The body fed in pieces gives what it gives whole, wherever the pieces split it: inside a
/// CRLF, a run of spaces, a run of empty lines.
@Suite("DKIM body streamed in pieces")
struct StreamingSignerTests {
    /// A body with what a split can break: whitespace runs, a line of spaces, lone CRs, a CR
    /// before CRLF, empty lines inside and at the end.
    static let trickyBody = Array(
        "  lead \t\t and  runs\t \r\n\r\n \t \r\nlone\rCR\r\r\nlast  \t\r\n\r\n  \r\n\r\n".utf8)
    static let trickyMessage =
        Array("From: Joe <joe@football.example.com>\r\nSubject:  split  me \r\n\r\n".utf8) + trickyBody
    static let unterminated = Array("no final CRLF \t".utf8)

    /// The body canonicalized in pieces of `size` bytes.
    static func canonical(_ body: [UInt8], _ algorithm: CanonicalizationAlgorithm, pieces size: Int) -> [UInt8] {
        var canonicalizer = BodyCanonicalizer(algorithm)
        var collected: [UInt8] = []
        var start = 0
        while start < body.count {
            let piece = body[start..<min(body.count, start + size)]
            piece.withUnsafeBufferPointer { canonicalizer.feed($0) }
            collected += canonicalizer.output
            canonicalizer.output.removeAll()
            start += size
        }
        canonicalizer.finish()
        return collected + canonicalizer.output
    }

    @Test(arguments: CanonicalizationAlgorithm.allCases)
    func canonicalBodyIsTheSameAtEverySplit(_ algorithm: CanonicalizationAlgorithm) {
        let bodies = [Self.trickyBody, Self.unterminated, []] + SampleMessages.all.map { Array(SignedMessage($0.bytes).body) }
        for body in bodies {
            let whole = algorithm.canonicalBody(body[...])
            for size in 1...max(1, body.count) {
                #expect(Self.canonical(body, algorithm, pieces: size) == whole, "pieces of \(size)")
            }
        }
        let relaxed = String(decoding: CanonicalizationAlgorithm.relaxed.canonicalBody(Self.trickyBody[...]), as: UTF8.self)
        #expect(relaxed == " lead and runs\r\n\r\n\r\nlone\rCR\r\r\nlast\r\n")
    }

    /// The signature from the header block and a body hashed in pieces is the whole message's
    /// (Ed25519 signatures are deterministic), for pieces of every size.
    @Test(arguments: [Canonicalization.relaxed, .simple])
    func signatureIsTheSameAtEverySplit(_ canonicalization: Canonicalization) throws {
        let signer = try DKIMSigner(
            key: try TestKeys.shared().ed25519.key, domain: "football.example.com", selector: "sel2026",
            canonicalization: canonicalization, timestamp: 1_780_000_000)
        let whole = try signer.signature(for: Self.trickyMessage)
        let headerEnd = SignedMessage(Self.trickyMessage).body.startIndex
        let headers = Array(Self.trickyMessage[..<headerEnd])
        for size in 1...Self.trickyBody.count {
            var hasher = signer.bodyHasher()
            var start = headerEnd
            while start < Self.trickyMessage.count {
                hasher.update(Self.trickyMessage[start..<min(Self.trickyMessage.count, start + size)])
                start += size
            }
            #expect(try signer.signature(headers: headers, bodyHash: hasher.finalize()) == whole, "pieces of \(size)")
        }
        // The header block may also be given without its empty line.
        var hasher = signer.bodyHasher()
        hasher.update(Self.trickyBody)
        #expect(try signer.signature(headers: headers.dropLast(2), bodyHash: hasher.finalize()) == whole)
    }

    /// dkimpy verifies the streamed signature, RSA and Ed25519.
    @Test func dkimpyVerifiesTheStreamedSignature() throws {
        let keys = try TestKeys.shared()
        let headerEnd = SignedMessage(Self.trickyMessage).body.startIndex
        var checks: [Dkimpy.Check] = []
        for key in [keys.rsaPKCS8, keys.ed25519] {
            for canonicalization in [Canonicalization.relaxed, .simple] {
                let signer = try DkimpyVerificationTests.signer(key, canonicalization)
                var hasher = signer.bodyHasher()
                for byte in Self.trickyBody { hasher.update([byte]) }
                let field = try signer.signature(
                    headers: Array(Self.trickyMessage[..<headerEnd]), bodyHash: hasher.finalize())
                checks.append(
                    Dkimpy.Check(
                        message: Array(field.utf8) + Self.trickyMessage, name: DkimpyVerificationTests.name,
                        key: .publicKey(path: key.publicKeyPath)))
            }
        }
        #expect(try Dkimpy.verdicts(checks) == Array(repeating: "pass", count: checks.count))
    }

    /// `l=`: only the first bytes are hashed, the length counts all of them.
    @Test func limitHashesOnlyTheFirstBytes() {
        var limited = DKIMBodyHasher(.simple, limit: 5)
        limited.update(Array("Hello, world\r\n".utf8))
        var first = DKIMBodyHasher(.simple)
        first.update(Array("Hello".utf8))
        let limitedHash = limited.finalize()
        #expect(limitedHash.canonicalLength == 14)
        // "Hello" alone would be completed with CRLF: compare with the raw SHA-256 instead.
        #expect(limitedHash.base64 == "GF+NsyJx/iX1Yab8k4suJkMG7DBO2lGAB9F2SCY4GWk=")
        #expect(first.finalize().canonicalLength == 7)
    }
}
