import CEditShim

/// Where text lands on a terminal of a given width, as libedit lays it out.
///
/// Used to find the first row of the edit area (to print above it) and its
/// last row (to leave it cleanly), which libedit does not expose.
struct Layout {
    /// Terminal width in columns (at least 1).
    var columns: Int

    /// The row and column after writing `text` from the top-left corner.
    ///
    /// Mirrors libedit: control characters show as `^X` (two columns), a tab
    /// reaches the next multiple of eight, other unprintable characters show
    /// as `\U+XXXX`, a double-width character never splits across rows, and
    /// a row filled to the last column wraps at once.
    func position(after text: some Sequence<Unicode.Scalar>, from start: (row: Int, column: Int) = (0, 0))
        -> (row: Int, column: Int)
    {
        var row = start.row
        var column = start.column
        for scalar in text {
            let width = Self.width(of: scalar, atColumn: column)
            if width > 1, column + width > columns, column > 0 {
                row += 1
                column = 0
            }
            column += width
            while column >= columns {
                row += 1
                column -= columns
            }
        }
        return (row, column)
    }

    /// Display columns libedit uses for one character at `column`.
    static func width(of scalar: Unicode.Scalar, atColumn column: Int) -> Int {
        let value = scalar.value
        if value == 0x09 { return 8 - column % 8 }
        if value < 0x20 || value == 0x7F { return 2 }
        let width = Int(shim_wcwidth(wchar_t(bitPattern: value)))
        if width >= 0 { return width }
        return value > 0xFFFF ? 8 : 7
    }

    /// Display width of plain text (no escape sequences).
    static func width(of text: String) -> Int {
        var column = 0
        for scalar in text.unicodeScalars { column += width(of: scalar, atColumn: column) }
        return column
    }
}

/// A prompt split into what libedit prints and what takes room on screen.
struct Prompt {
    /// libedit's marker around invisible sequences (EL_PROMPT_ESC).
    static let marker: UInt8 = 0x01

    /// The text handed to libedit, escape sequences bracketed by `marker`.
    let marked: String
    /// The visible characters only.
    let visible: String

    /// Splits `text`, recognising CSI (`ESC [ … final`), OSC (`ESC ] … BEL`
    /// or `ESC \`) and two-byte escapes, so colour never counts as width.
    init(_ text: String) {
        var marked = ""
        var visible = ""
        let scalars = Array(text.unicodeScalars)
        var index = 0
        let markerScalar = Unicode.Scalar(Self.marker)
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == markerScalar {
                index += 1  // a stray marker would toggle libedit's state
                continue
            }
            guard scalar == "\u{1B}" else {
                marked.unicodeScalars.append(scalar)
                visible.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            let end = Self.endOfEscape(in: scalars, from: index)
            marked.unicodeScalars.append(markerScalar)
            marked.unicodeScalars.append(contentsOf: scalars[index..<end])
            marked.unicodeScalars.append(markerScalar)
            index = end
        }
        self.marked = marked
        self.visible = visible
    }

    /// Index just past the escape sequence starting at `start`.
    private static func endOfEscape(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        guard index < scalars.count else { return index }
        switch scalars[index] {
        case "[":
            index += 1
            while index < scalars.count {
                let value = scalars[index].value
                index += 1
                if (0x40...0x7E).contains(value) { break }
            }
            return index
        case "]":
            index += 1
            while index < scalars.count {
                if scalars[index] == "\u{07}" { return index + 1 }
                if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" {
                    return index + 2
                }
                index += 1
            }
            return index
        default:
            return index + 1
        }
    }
}
