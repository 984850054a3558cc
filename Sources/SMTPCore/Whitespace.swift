extension StringProtocol {
    /// The text without leading and trailing whitespace, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` has it: tab, the Unicode space separators
    /// (general category Zs) and, as CoreFoundation counts it, U+200B ZERO WIDTH SPACE;
    /// not line breaks.
    package func trimmingWhitespace() -> String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        var trimmed = String.UnicodeScalarView()
        trimmed.append(contentsOf: scalars[first...last])
        return String(trimmed)
    }
}
