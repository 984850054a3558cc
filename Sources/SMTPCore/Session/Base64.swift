/// Base64 (RFC 4648 §4), for `/b64`, 334 challenges and SASL answers, without Foundation.
public enum Base64 {
    /// Why a text is not base64.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// A one-line explanation for the user.
        public let description: String
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each alphabet byte; 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The base64 text of `bytes`, padded with `=`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            let b0 = input[index]
            let b1 = count > 1 ? input[index + 1] : 0
            let b2 = count > 2 ? input[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The base64 text of a string's UTF-8 bytes.
    public static func encode(_ text: String) -> String {
        encode(Array(text.utf8))
    }

    /// The bytes of a base64 text.
    ///
    /// Unless `strict`, padding may be left out (`Zm8` as well as `Zm8=`), since people type
    /// these by hand; SASL answers are checked strictly (RFC 4648 §3.2 requires padding).
    /// Anything outside the alphabet, including spaces, is an error naming its position.
    public static func decode(_ text: String, strict: Bool = false) throws(DecodingError) -> [UInt8] {
        if strict && text.utf8.count % 4 != 0 {
            throw DecodingError(description: "Base64 text must come in groups of 4 characters (padded with =).")
        }
        var body = Array(text.utf8)
        var padding = 0
        while body.last == UInt8(ascii: "=") && padding < 2 {
            body.removeLast()
            padding += 1
        }
        if padding > 0 && (body.count + padding) % 4 != 0 {
            throw DecodingError(description: "Base64 padding does not complete a group of 4 characters.")
        }
        var sextets: [UInt8] = []
        sextets.reserveCapacity(body.count)
        for (offset, byte) in body.enumerated() {
            let value = values[Int(byte)]
            guard value != 0xFF else {
                let shown = VisibleText.escape([byte])
                throw DecodingError(description: "Not base64: '\(shown)' at position \(offset + 1).")
            }
            sextets.append(value)
        }
        if sextets.count % 4 == 1 {
            throw DecodingError(description: "Base64 text has a stray character at the end (length \(text.utf8.count)).")
        }
        var output: [UInt8] = []
        output.reserveCapacity(sextets.count * 3 / 4)
        var index = 0
        while index < sextets.count {
            let group = sextets[index..<min(index + 4, sextets.count)].map(UInt32.init)
            var bits: UInt32 = 0
            for sextet in group { bits = bits << 6 | sextet }
            bits <<= UInt32(6 * (4 - group.count))
            // A group of n sextets carries n - 1 whole bytes (2 → 1, 3 → 2, 4 → 3).
            for byteIndex in 0..<(group.count - 1) {
                output.append(UInt8(truncatingIfNeeded: bits >> UInt32(16 - 8 * byteIndex)))
            }
            index += 4
        }
        return output
    }
}
