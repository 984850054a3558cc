import CEditShim
import CLibEdit
import Glibc

/// TAB: one candidate is inserted; several insert their common prefix and
/// are listed below the line, which is then drawn again.
extension LineEditor {
    /// Most candidates listed at once; the rest are counted.
    static let maxListed = 200

    /// Runs the completer and edits the line; returns a libedit CC_* code.
    func complete() -> UInt8 {
        guard let completer else { return UInt8(CC_ERROR) }
        let before = currentLine().beforeCursor
        let answer = completer(before)
        guard !answer.candidates.isEmpty, before.hasSuffix(answer.word) else { return UInt8(CC_ERROR) }

        if answer.candidates.count == 1 {
            replace(answer.word, with: answer.candidates[0])
            return UInt8(CC_REFRESH)
        }
        // List first, while the screen still shows the old line, then edit
        // and let libedit draw the new line below the list.
        moveBelowEditArea()
        Terminal.write(Terminal.rawLines(Self.columnsListing(answer.candidates, width: Int(shim_el_columns(editLine)))))
        let common = Self.commonPrefix(of: answer.candidates)
        if common.count >= answer.word.count, common != answer.word {
            replace(answer.word, with: common)
        }
        _ = shim_el_refresh(editLine)
        return UInt8(CC_NORM)
    }

    /// Deletes `word` before the cursor and inserts `replacement`.
    private func replace(_ word: String, with replacement: String) {
        if !word.isEmpty {
            shim_el_deletestr(editLine, Int32(word.unicodeScalars.count))
        }
        _ = shim_el_insertstr(editLine, replacement)
    }

    /// The longest prefix (in characters) shared by all `candidates`.
    static func commonPrefix(of candidates: [String]) -> String {
        guard let first = candidates.first else { return "" }
        var prefix = first[...]
        for candidate in candidates.dropFirst() {
            prefix = prefix.commonPrefix(with: candidate)
        }
        return String(prefix)
    }

    /// Candidates in columns fitting `width`, one row per line.
    static func columnsListing(_ candidates: [String], width: Int) -> String {
        let shown = Array(candidates.prefix(maxListed))
        let cellWidth = (shown.map { Layout.width(of: $0) }.max() ?? 0) + 2
        let perRow = max(1, width / max(1, cellWidth))
        var text = ""
        for (index, candidate) in shown.enumerated() {
            let endsRow = index % perRow == perRow - 1 || index == shown.count - 1
            text += candidate
            text += endsRow ? "\n" : String(repeating: " ", count: cellWidth - Layout.width(of: candidate))
        }
        if candidates.count > shown.count {
            text += "… and \(candidates.count - shown.count) more\n"
        }
        return text
    }
}

extension Substring {
    /// The longest shared prefix, compared character by character.
    fileprivate func commonPrefix(with other: String) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[startIndex..<end]
    }
}
