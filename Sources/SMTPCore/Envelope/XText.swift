/// The xtext encoding of DSN parameter values (RFC 3461 §4) and the 7-bit form of a
/// UTF-8 address inside it (RFC 6533 §3).
///
/// RFC 3461 §4:
///   xtext   = *( xchar / hexchar )
///   xchar   = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except "+" and "="
///   hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits
///
/// RFC 6533 §3:
///   utf-8-addr-xtext    = 1*(QCHAR / EmbeddedUnicodeChar)
///   QCHAR               = %x21-2a / %x2c-3c / %x3e-5b / %x5d-7e
///   EmbeddedUnicodeChar = %x5C.78 "{" HEXPOINT "}"
public enum XText {
    /// The xtext of `bytes`: bytes 33...126 other than `+` and `=` as they are, every other
    /// byte as `+XX` (upper-case hex). Any byte string has one, so encoding cannot fail.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var encoded = ""
        for byte in bytes {
            if isXChar(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "+" + hexString(byte)
            }
        }
        return encoded
    }

    /// The xtext of the UTF-8 bytes of `text`.
    public static func encode(_ text: String) -> String {
        encode(text.utf8)
    }

    /// The bytes an xtext stands for.
    ///
    /// Throws ``DSNError/invalidXText(_:reason:)`` for a character outside 33...126, a raw
    /// `=`, or a `+` not followed by two upper-case hex digits (the grammar allows no other).
    public static func decode(_ text: String) throws(DSNError) -> [UInt8] {
        let bytes = Array(text.utf8)
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else {
                    throw .invalidXText(text, reason: "“+” must be followed by two upper-case hex digits")
                }
                decoded.append(high << 4 | low)
                index += 3
            } else if isXChar(byte) {
                decoded.append(byte)
                index += 1
            } else {
                let shown = byte == UInt8(ascii: "=") ? "“=”" : "byte \(byte)"
                throw .invalidXText(text, reason: "\(shown) must be written +\(hexString(byte))")
            }
        }
        return decoded
    }

    /// The 7-bit form of a UTF-8 address for `ORCPT=utf-8;…` (RFC 6533 §3): ASCII
    /// characters in QCHAR as they are, every other character (non-ASCII, controls, space,
    /// `+`, `=`, `\`) as `\x{HEX}`, its code point in upper-case hex, at least two digits.
    ///
    /// The result is valid xtext too (only QCHAR, `\`, `{`, `}` appear), so it goes into the
    /// parameter as it is.
    public static func utf8AddressXText(_ address: String) -> String {
        var encoded = ""
        for scalar in address.unicodeScalars {
            if scalar.isASCII, isQChar(UInt8(scalar.value)) {
                encoded.unicodeScalars.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                encoded += "\\x{" + (hex.count < 2 ? "0" + hex : hex) + "}"
            }
        }
        return encoded
    }

    /// xchar: 33...126 except `+` and `=`.
    static func isXChar(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "=")
    }

    /// QCHAR of RFC 6533: an xchar other than `\`.
    private static func isQChar(_ byte: UInt8) -> Bool {
        isXChar(byte) && byte != UInt8(ascii: "\\")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The value of an upper-case hex digit; nil for anything else (lower case included).
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        hexDigits.firstIndex(of: byte).map(UInt8.init)
    }

    /// `XX` for a byte.
    private static func hexString(_ byte: UInt8) -> String {
        String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
