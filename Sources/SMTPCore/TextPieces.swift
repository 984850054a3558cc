extension StringProtocol {
    /// The text cut into pieces of `length` characters, the last one shorter when the length
    /// does not divide it; none for an empty text. For PEM's lines of 64, a DKIM signature's
    /// folded lines and a TXT record's strings of 255.
    public func pieces(ofLength length: Int) -> [SubSequence] {
        precondition(length > 0)
        var pieces: [SubSequence] = []
        var start = startIndex
        while start < endIndex {
            let end = index(start, offsetBy: length, limitedBy: endIndex) ?? endIndex
            pieces.append(self[start..<end])
            start = end
        }
        return pieces
    }
}

extension Base64 {
    /// `der` as PEM text (RFC 7468 §2): the base64 in lines of 64 between `-----BEGIN LABEL-----`
    /// and `-----END LABEL-----`, each line ending in LF.
    public static func pem(label: String, der: some Collection<UInt8>) -> String {
        let lines = ["-----BEGIN \(label)-----"] + encode(der).pieces(ofLength: 64).map(String.init) + ["-----END \(label)-----"]
        return lines.joined(separator: "\n") + "\n"
    }
}
