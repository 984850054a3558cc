import SMTPCore

/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block of PEM text (RFC 7468).
struct PEMBlock {
    let label: String
    /// The base64 lines between the labels.
    let base64: String
    /// `true` when the block has RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), which only
    /// legacy encrypted keys have.
    let hasHeaders: Bool

    /// The blocks of a PEM text, in order; text around them is ignored.
    static func blocks(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: String?
        var lines: [String] = []
        var hasHeaders = false
        for line in text.split(whereSeparator: \.isNewline) {
            let line = line.trimmingWhitespace()
            if let open = label {
                if line == "-----END \(open)-----" {
                    blocks.append(PEMBlock(label: open, base64: lines.joined(), hasHeaders: hasHeaders))
                    label = nil
                } else if line.contains(":") {
                    hasHeaders = true
                } else {
                    lines.append(line)
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----"), line.count > 16 {
                label = String(line.dropFirst(11).dropLast(5))
                lines = []
                hasHeaders = false
            }
        }
        return blocks
    }

    /// The DER bytes the base64 stands for.
    func der() throws(DKIMKeyError) -> [UInt8] {
        do {
            return try Base64.decode(base64)
        } catch {
            throw .malformed("its PEM block is not base64 (\(error.description))")
        }
    }
}

/// The algorithm identifiers a PKCS#8 key may carry, as DER OBJECT IDENTIFIER contents.
enum KeyAlgorithmOID {
    /// 1.2.840.113549.1.1.1 (RFC 8017).
    static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    /// 1.3.101.112 (RFC 8410).
    static let ed25519: [UInt8] = [0x2B, 0x65, 0x70]

    /// What a key of another algorithm is, for the error.
    static func name(of oid: [UInt8]) -> String {
        switch oid {
        case [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]: "an EC key"
        case [0x2B, 0x65, 0x71]: "an Ed448 key"
        case [0x2B, 0x65, 0x6E], [0x2B, 0x65, 0x6F]: "an X25519 or X448 key (for key agreement, not signing)"
        case [0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01]: "a DSA key"
        case [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]: "an RSA-PSS key"
        default: "a key of an algorithm DKIM does not use"
        }
    }
}
