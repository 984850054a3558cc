import SMTPDKIM
import Testing

/// The DKIM-Signature field's tags and shape, and the signer's refusals.
@Suite("DKIM-Signature field")
struct SignerTests {
    static func signer(
        headers: [String] = DKIMSigner.defaultHeaders, oversign: Bool = false, canonicalization: Canonicalization = .relaxed
    ) throws -> DKIMSigner {
        try DKIMSigner(
            key: try TestKeys.shared().ed25519.key, domain: "football.example.com", selector: "brisbane",
            canonicalization: canonicalization, headers: headers, oversign: oversign, timestamp: 1_528_637_909,
            expiration: 1_528_724_309)
    }

    /// The field's tags, unfolded, by name.
    static func tags(_ field: String) -> [String: String] {
        let value = field.replacingOccurrences(of: "\r\n\t", with: "").dropFirst("DKIM-Signature:".count).dropLast()
        var tags: [String: String] = [:]
        for tag in value.split(separator: ";") {
            let parts = tag.split(separator: "=", maxSplits: 1)
            tags[parts[0].trimmingCharacters(in: .whitespaces)] = parts.count == 2 ? String(parts[1]) : ""
        }
        return tags
    }

    @Test func tagsOfTheField() throws {
        let field = try Self.signer().signature(for: SampleMessages.multipart)
        let tags = Self.tags(field)
        #expect(tags["v"] == "1")
        #expect(tags["a"] == "ed25519-sha256")
        #expect(tags["c"] == "relaxed/relaxed")
        #expect(tags["d"] == "football.example.com")
        #expect(tags["s"] == "brisbane")
        #expect(tags["t"] == "1528637909")
        #expect(tags["x"] == "1528724309")
        // Only the default fields the message has, From first.
        #expect(tags["h"] == "from:to:subject:date:message-id:mime-version:content-type")
        #expect(tags["b"]?.count == 88)
    }

    @Test func foldedWithinTheLineLimitAndEndingInCRLF() throws {
        let field = try Self.signer(oversign: true).signature(for: SampleMessages.longFoldedHeaders)
        #expect(field.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256; "))
        #expect(field.hasSuffix("\r\n") && !field.hasSuffix("\r\n\r\n"))
        let lines = field.dropLast(2).components(separatedBy: "\r\n")
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\t") })
        // Oversigned: each default field once more than the message has it.
        #expect(
            Self.tags(field)["h"]
                == "from:from:to:to:cc:subject:subject:date:date:message-id:mime-version:content-type:"
                + "content-transfer-encoding:reply-to:in-reply-to:references:references")
    }

    /// The body hashes of an empty body: SHA-256 of CRLF for simple, of nothing for relaxed.
    @Test func bodyHashOfAnEmptyBody() throws {
        #expect(
            Self.tags(try Self.signer(canonicalization: .simple).signature(for: SampleMessages.emptyBody))["bh"]
                == "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=")
        #expect(
            Self.tags(try Self.signer().signature(for: SampleMessages.headersOnly))["bh"]
                == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }

    @Test func chosenHeadersAndFromAlways() throws {
        let signer = try Self.signer(headers: ["Subject", " X-Absent ", "subject"])
        #expect(signer.headers == ["from", "subject", "x-absent"])
        #expect(Self.tags(try signer.signature(for: SampleMessages.plain))["h"] == "from:subject")
    }

    @Test func signedIsTheFieldThenTheMessage() throws {
        let signer = try Self.signer()
        // Ed25519 signatures are deterministic: the same message, the same field.
        #expect(
            try signer.signed(SampleMessages.plain) == Array(try signer.signature(for: SampleMessages.plain).utf8) + SampleMessages.plain)
    }

    @Test func refusals() throws {
        let key = try TestKeys.shared().ed25519.key
        #expect(throws: DKIMSigningError.invalidDomain("exa mple.com")) {
            try DKIMSigner(key: key, domain: "exa mple.com", selector: "s")
        }
        #expect(throws: DKIMSigningError.invalidDomain("-bad.example")) {
            try DKIMSigner(key: key, domain: "-bad.example", selector: "s")
        }
        #expect(throws: DKIMSigningError.invalidSelector("s;x=1")) {
            try DKIMSigner(key: key, domain: "example.com", selector: "s;x=1")
        }
        #expect(throws: DKIMSigningError.invalidHeaderName("to;x")) {
            try DKIMSigner(key: key, domain: "example.com", selector: "s", headers: ["to;x"])
        }
        #expect(throws: DKIMSigningError.expirationNotAfterTimestamp) {
            try DKIMSigner(key: key, domain: "example.com", selector: "s", timestamp: 100, expiration: 100)
        }
        #expect(throws: DKIMSigningError.noFromField) {
            try DKIMSigner(key: key, domain: "example.com", selector: "s")
                .signature(for: Array("To: a@example.com\r\n\r\nbody\r\n".utf8))
        }
        #expect(throws: DKIMSigningError.bareLineFeed) {
            try DKIMSigner(key: key, domain: "example.com", selector: "s")
                .signature(for: Array("From: a@example.com\n\nbody\n".utf8))
        }
        #expect(try DKIMSigner(key: key, domain: "a-b.Example.COM", selector: "k1.2026").selector == "k1.2026")
    }
}
