#if DEBUG
    @testable import SMTPProfiles

    /// Any bytes as a profile file: an error names a line inside the file and prints without
    /// control characters; what is read keeps every key's line inside the file.
    func fuzzProfileFile(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        // Lines end at LF bytes (a "\r\n" is one Character, so splitting the String would miss it).
        let lineCount = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        do {
            let table = try TOMLReader.parse(text)
            checkLines(table, within: lineCount)
        } catch {
            precondition((1...max(1, lineCount)).contains(error.line), "a TOML error on line \(error.line) of \(lineCount)")
            precondition(isTerminalSafe(error.description), "a TOML error shows control characters")
        }
        do {
            let file = try ProfileFile.parse(text, path: "config.toml")
            precondition(file.profiles.allSatisfy { (1...max(1, lineCount)).contains($0.line) })
            precondition(file.profiles.allSatisfy { isTerminalSafe($0.summary) || !isTerminalSafe(text) })
        } catch {
            if let line = error.line { precondition((1...max(1, lineCount)).contains(line), "a profile error on line \(line)") }
            precondition(isTerminalSafe(error.description), "a profile error shows control characters")
        }
    }

    private func checkLines(_ table: TOMLTable, within lineCount: Int) {
        for entry in table.entries {
            precondition((1...max(1, lineCount)).contains(entry.line), "the key \(entry.key) on line \(entry.line) of \(lineCount)")
            switch entry.value {
            case .table(let inner): checkLines(inner, within: lineCount)
            case .array(let values):
                for case .table(let inner) in values { checkLines(inner, within: lineCount) }
            default: break
            }
        }
    }
#endif
