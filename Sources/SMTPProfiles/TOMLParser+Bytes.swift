/// Reading bytes: looking ahead, whitespace, comments, line counting and errors.
extension TOMLParser {
    // MARK: Bytes

    func peek(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    func starts(with text: String) -> Bool { bytes[index...].starts(with: text.utf8) }

    mutating func expect(_ character: Character, _ what: String) throws(TOMLError) {
        guard peek() == character.asciiValue else {
            throw fail(peek().map { "\(what), found \(describe($0))" } ?? "\(what), found the end")
        }
        index += 1
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    /// Inside an array: blanks, newlines and comments.
    mutating func skipBlankLinesAndComments() throws(TOMLError) {
        while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "#")?: try comment()
            case UInt8(ascii: "\n")?: newline()
            case UInt8(ascii: "\r")? where peek(1) == UInt8(ascii: "\n"):
                index += 1
                newline()
            default: return
            }
        }
    }

    /// Steps over the LF under the cursor.
    mutating func newline() {
        index += 1
        line += 1
        lineStart = index
    }

    /// The error at the cursor (or at the start of `line`); keys and tokens it quotes are made visible.
    func fail(_ message: String, line: Int? = nil) -> TOMLError {
        let message = visible(message)
        if let line, line != self.line { return TOMLError(line: line, column: 1, message: message) }
        let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1
        return TOMLError(line: self.line, column: column, message: message)
    }

    func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte)
            ? "'\(Character(Unicode.Scalar(byte)))'"
            : "byte 0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }

    func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F }
    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
    func isBareKeyByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
    func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
