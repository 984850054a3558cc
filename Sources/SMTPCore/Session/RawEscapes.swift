/// The escapes of `/raw TEXT`: `\r`, `\n`, `\t`, `\\` and `\xHH` become bytes.
///
/// `/raw` exists to send exactly the bytes a user means, malformed ones included, so
/// nothing is appended and every other character is sent as its UTF-8 bytes. An escape
/// the console does not know is an error rather than a guess: a typo must not put
/// unexpected bytes on the wire.
public enum RawEscapes {
    /// Why a `/raw` text could not be decoded; `description` is one line for the user.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    /// The bytes a `/raw` text stands for.
    public static func decode(_ text: String) throws(DecodingError) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            guard byte == 0x5C else {
                output.append(byte)
                continue
            }
            guard index < input.count else {
                throw DecodingError(description: "A lone backslash ends the text; write \\\\ for a backslash.")
            }
            let escape = input[index]
            index += 1
            switch escape {
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "x"):
                let digits = input[index..<min(index + 2, input.count)]
                guard digits.count == 2, let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else {
                    let shown = VisibleText.escape(digits)
                    throw DecodingError(
                        description: "\\x needs two hex digits (\\x00 to \\xff), got '\(shown)' at position \(index - 1).")
                }
                output.append(high << 4 | low)
                index += 2
            default:
                // Show the whole character after the backslash, even when it is not ASCII.
                let start = index - 1
                let length = VisibleText.wellFormedLength(input, at: start) ?? 1
                let shown = VisibleText.escape(input[start..<start + length])
                throw DecodingError(
                    description: "Unknown escape \\\(shown) at position \(index - 1); use \\r \\n \\t \\\\ or \\xHH.")
            }
        }
        return output
    }

    /// Warnings about decoded `/raw` bytes that a server will read differently than a
    /// user may expect: bare CR or LF (RFC 5321 §2.3.8 allows only CRLF), NUL, and no line
    /// ending at the end (the server keeps waiting for the rest of the line).
    public static func warnings(for bytes: [UInt8]) -> [String] {
        var warnings: [String] = []
        let bareLF = bytes.indices.filter { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }
        let bareCR = bytes.indices.filter { bytes[$0] == 0x0D && ($0 + 1 == bytes.count || bytes[$0 + 1] != 0x0A) }
        if let first = bareLF.first {
            warnings.append("Bare LF at byte \(first + 1): SMTP lines end with CRLF; servers differ on this.")
        }
        if let first = bareCR.first, first + 1 < bytes.count {
            warnings.append("Bare CR at byte \(first + 1): SMTP lines end with CRLF; servers differ on this.")
        }
        if bytes.contains(0) { warnings.append("The bytes contain NUL, which RFC 5321 does not allow in commands.") }
        if !bytes.isEmpty && bytes.last != 0x0A {
            warnings.append("Nothing ends the line: the server waits for the rest (add \\r\\n).")
        }
        return warnings
    }

    /// The value of one hex digit, either case (also for `--proxy` URLs' %-escapes).
    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
