/// A DKIM canonicalization algorithm (RFC 6376 §3.4): how a header field or the body is
/// normalized before it is hashed, so that the signature survives what mail servers
/// commonly do to a message in transit.
public enum CanonicalizationAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// Nothing may change (RFC 6376 §3.4.1, §3.4.3); only empty lines at the end of the body
    /// are ignored.
    case simple
    /// Whitespace may be refolded and runs of it shortened, header names lower-cased
    /// (RFC 6376 §3.4.2, §3.4.4).
    case relaxed
}

/// The `c=` tag: one algorithm for the header fields and one for the body.
public struct Canonicalization: Sendable, Hashable, CustomStringConvertible {
    public var header: CanonicalizationAlgorithm
    public var body: CanonicalizationAlgorithm

    public init(header: CanonicalizationAlgorithm, body: CanonicalizationAlgorithm) {
        self.header = header
        self.body = body
    }

    /// `relaxed/relaxed`, the default here: it survives the refolding servers do.
    public static let relaxed = Canonicalization(header: .relaxed, body: .relaxed)
    /// `simple/simple`, RFC 6376's default when `c=` is absent.
    public static let simple = Canonicalization(header: .simple, body: .simple)

    /// The `c=` value, `header/body`.
    public var description: String { "\(header.rawValue)/\(body.rawValue)" }

    /// The canonicalization a `c=` value names (`relaxed`, `simple/relaxed`, …); a lone
    /// algorithm applies to the header, the body then being `simple`, as RFC 6376 §3.5 says.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let header = CanonicalizationAlgorithm(rawValue: String(parts[0])) else {
            return nil
        }
        let body = parts.count == 2 ? CanonicalizationAlgorithm(rawValue: String(parts[1])) : .simple
        guard let body else { return nil }
        self.init(header: header, body: body)
    }
}

extension CanonicalizationAlgorithm {
    /// A header field (name, colon, value and its folding, with its final CRLF) as it is hashed.
    ///
    /// Relaxed: the name in lower case, the value unfolded (its CRLFs taken out), each run of spaces and tabs made one
    /// space, none around the colon or at the end, then CRLF (RFC 6376 §3.4.2).
    func canonicalHeaderField(_ field: [UInt8]) -> [UInt8] {
        guard self == .relaxed else { return field }
        let colon = field.firstIndex(of: UInt8(ascii: ":")) ?? field.endIndex
        var name = Array(field[..<colon])
        while let last = name.last, last.isDKIMWhitespace { name.removeLast() }
        var output = name.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        output.append(UInt8(ascii: ":"))
        var value = Self.squeezingWhitespace(Self.unfolded(field[min(colon + 1, field.endIndex)...]))
        if value.first == 0x20 { value.removeFirst() }
        output += value
        output += [0x0D, 0x0A]
        return output
    }

    /// The text with its CRLFs taken out: a folded field value unfolded (RFC 5322 §2.2.3).
    private static func unfolded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == 0x0D, index + 1 < text.endIndex, text[index + 1] == 0x0A {
                index += 2
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    /// Each run of spaces and tabs made one space, and none left at the end.
    private static func squeezingWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte.isDKIMWhitespace {
                if output.last != 0x20 { output.append(0x20) }
            } else {
                output.append(byte)
            }
        }
        while output.last == 0x20 { output.removeLast() }
        return output
    }
}

extension UInt8 {
    /// Space or horizontal tab: RFC 5234's WSP, the whitespace DKIM canonicalization knows.
    var isDKIMWhitespace: Bool { self == 0x20 || self == 0x09 }
}
