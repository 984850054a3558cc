import SMTPCore

/// One TLSA record (RFC 6698 §2): how a TLS server's certificate chain must look, published
/// at `_PORT._tcp.HOST` in a DNSSEC-signed zone. For SMTP only DANE-TA(2) and DANE-EE(3) are
/// usable (RFC 7672 §3.1.3); the other records are listed and ignored (``unusable``).
public struct TLSARecord: Equatable, Sendable {
    /// What the record constrains (RFC 6698 §2.1.1; the names are RFC 7218's). Any other
    /// number is one no RFC assigns.
    public struct Usage: RawRepresentable, Equatable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// 0, PKIX-TA: a CA that must also pass Web PKI validation. Not for SMTP.
        public static let pkixTA = Self(rawValue: 0)
        /// 1, PKIX-EE: the server's certificate, also validated by the Web PKI. Not for SMTP.
        public static let pkixEE = Self(rawValue: 1)
        /// 2, DANE-TA: a trust anchor above the server's certificate in its chain.
        public static let daneTA = Self(rawValue: 2)
        /// 3, DANE-EE: the server's own certificate or key, names and expiry ignored.
        public static let daneEE = Self(rawValue: 3)
    }

    /// Which part of a certificate is compared (RFC 6698 §2.1.2).
    public struct Selector: RawRepresentable, Equatable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// 0, Cert: the whole certificate, DER.
        public static let fullCertificate = Self(rawValue: 0)
        /// 1, SPKI: its SubjectPublicKeyInfo, DER.
        public static let subjectPublicKeyInfo = Self(rawValue: 1)
    }

    /// How the selected bytes are compared with ``data`` (RFC 6698 §2.1.3).
    public struct MatchingType: RawRepresentable, Equatable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// 0, Full: byte for byte.
        public static let exact = Self(rawValue: 0)
        /// 1, SHA2-256: by their SHA-256 digest.
        public static let sha256 = Self(rawValue: 1)
        /// 2, SHA2-512: by their SHA-512 digest.
        public static let sha512 = Self(rawValue: 2)
    }

    /// Why a record takes no part in DANE for SMTP.
    public enum Unusability: Equatable, Sendable {
        /// PKIX-TA(0) or PKIX-EE(1): unusable for SMTP (RFC 7672 §3.1.3).
        case pkixUsage
        case unassignedUsage
        case unassignedSelector
        case unassignedMatchingType
        /// A SHA-256 or SHA-512 record whose data is not a digest's length.
        case wrongDigestLength(expected: Int)
    }

    public let usage: Usage
    public let selector: Selector
    public let matchingType: MatchingType
    /// The certificate association data: a digest, or the selected bytes themselves.
    public let data: [UInt8]

    public init(usage: Usage, selector: Selector, matchingType: MatchingType, data: [UInt8]) {
        self.usage = usage
        self.selector = selector
        self.matchingType = matchingType
        self.data = data
    }

    /// Parses the presentation form, `3 1 1 8F4D…`: three decimal numbers, then the data in
    /// hex (either case), which may be split by spaces (RFC 6698 §2.2).
    public init(presentation: String) throws(TLSARecordError) {
        let tokens = presentation.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        guard tokens.count >= 4 else { throw .fieldCount(tokens.count) }
        var numbers: [UInt8] = []
        for token in tokens.prefix(3) {
            guard token.allSatisfy({ $0.isASCII && $0.isNumber }), let number = UInt8(token) else {
                throw .invalidNumber(String(token))
            }
            numbers.append(number)
        }
        let hex = Array(tokens.dropFirst(3).joined().utf8)
        guard hex.count.isMultiple(of: 2) else { throw .invalidHex }
        var data: [UInt8] = []
        for index in stride(from: 0, to: hex.count, by: 2) {
            guard let high = RawEscapes.hexValue(hex[index]), let low = RawEscapes.hexValue(hex[index + 1]) else {
                throw .invalidHex
            }
            data.append(high << 4 | low)
        }
        try self.init(rdata: numbers + data)
    }

    /// Parses the record's RDATA as it comes in a DNS answer: usage, selector and matching
    /// type in one byte each, then the data.
    public init(rdata: [UInt8]) throws(TLSARecordError) {
        guard rdata.count > 3 else { throw .tooShort(rdata.count) }
        self.init(
            usage: Usage(rawValue: rdata[0]), selector: Selector(rawValue: rdata[1]), matchingType: MatchingType(rawValue: rdata[2]),
            data: Array(rdata[3...]))
    }

    /// Where the TLSA records of `host` for SMTP on `port` are: `_25._tcp.mx.example.com`
    /// (RFC 7672 §2.2.3, the port the client connects to).
    public static func owner(host: String, port: Int) -> String { "_\(port)._tcp.\(host)" }

    /// The presentation form, data in lowercase hex.
    public var presentation: String {
        let hex = data.map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined()
        return "\(usage.rawValue) \(selector.rawValue) \(matchingType.rawValue) \(hex)"
    }

    /// Why the record is not used for SMTP, or `nil` when it is usable.
    public var unusable: Unusability? {
        switch (usage, selector, matchingType) {
        case (.pkixTA, _, _), (.pkixEE, _, _): .pkixUsage
        case _ where usage.rawValue > 3: .unassignedUsage
        case _ where selector.rawValue > 1: .unassignedSelector
        case _ where matchingType.rawValue > 2: .unassignedMatchingType
        case (_, _, .sha256) where data.count != 32: .wrongDigestLength(expected: 32)
        case (_, _, .sha512) where data.count != 64: .wrongDigestLength(expected: 64)
        default: nil
        }
    }
}

/// Why a TLSA record could not be read.
public enum TLSARecordError: Error, Equatable, Sendable {
    /// Fewer than four fields in the presentation form.
    case fieldCount(Int)
    /// A usage, selector or matching type that is not a number from 0 to 255.
    case invalidNumber(String)
    /// Data that is not an even number of hex digits.
    case invalidHex
    /// RDATA of this many bytes: at least one byte of data must follow the three numbers.
    case tooShort(Int)
}
