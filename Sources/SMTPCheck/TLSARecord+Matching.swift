import Crypto
import X509

/// Which usable TLSA record matched a server's chain, and where.
public struct TLSAMatch: Equatable, Sendable {
    /// The record's position in the set given.
    public let index: Int
    public let record: TLSARecord
    /// The certificate's position in the chain: 0 for the server's own, 1 for its issuer…
    public let depth: Int
}

extension TLSARecord {
    /// The depth of the certificate in `chain` (DER, the server's own first, as the server
    /// sent it) that this record matches, or `nil`. DANE-EE(3) is compared with the server's
    /// certificate only; DANE-TA(2) with each certificate above it, nearest first. That the
    /// chain really leads from the server's certificate to the one matched, and the server's
    /// name, are the caller's to check. An unusable record matches nothing.
    public func matchingDepth(in chain: [[UInt8]]) throws -> Int? {
        guard unusable == nil else { return nil }
        let depths = usage == .daneEE ? chain.indices.prefix(1) : chain.indices.dropFirst()
        for depth in depths where try matches(certificate: chain[depth]) {
            return depth
        }
        return nil
    }

    /// The first usable record of `records` that matches `chain`, and where
    /// (``matchingDepth(in:)``).
    public static func firstMatch(in records: [TLSARecord], chain: [[UInt8]]) throws -> TLSAMatch? {
        for (index, record) in records.enumerated() {
            if let depth = try record.matchingDepth(in: chain) { return TLSAMatch(index: index, record: record, depth: depth) }
        }
        return nil
    }

    /// Whether the selected part of the DER certificate `der`, digested as the record says,
    /// is the record's data (the record is usable: its numbers are assigned ones).
    private func matches(certificate der: [UInt8]) throws -> Bool {
        let selected = try selector == .subjectPublicKeyInfo ? Self.subjectPublicKeyInfo(of: der) : der
        switch matchingType {
        case .sha256: return Array(SHA256.hash(data: selected)) == data
        case .sha512: return Array(SHA512.hash(data: selected)) == data
        default: return selected == data
        }
    }

    /// The certificate's SubjectPublicKeyInfo, DER, as swift-certificates serializes it.
    static func subjectPublicKeyInfo(of der: [UInt8]) throws -> [UInt8] {
        try Certificate(derEncoded: der).publicKey.serializeAsPEM().derBytes
    }
}
