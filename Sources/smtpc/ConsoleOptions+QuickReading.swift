import ArgumentParser

/// The console's usual command lines read without swift-argument-parser's reflection.
///
/// The parser builds its model of `ConsoleArguments` at every start by reflecting over the
/// property wrappers, and each first check of a type against a protocol scans all of the
/// binary's ~6,400 conformance records: about 19 million instructions, almost half of a
/// whole STARTTLS session (docs/benchmarks.md, eighth round). A command line made only of
/// the table's options, written the plain way, is read here instead, into the
/// `ConsoleOptions` that `ConsoleArguments` would hand over, and then validated and run by
/// the same code. Anything else — help, `--version`, completion scripts, an unknown or
/// repeated option, a missing or unusual value, `--`, more than two arguments — returns
/// `nil`, and the parser reads the line from scratch and says what it says.
///
/// Both read the same table (`ConsoleOptions.table`); `QuickReadingTests` compares both
/// readings of many lines.
extension ConsoleOptions {
    /// The options of `arguments` when every one of them is read the plain way: flags
    /// alone, a value after its option (`--timeout 5`) or joined to it (`--timeout=5`), at
    /// most two arguments (HOST and PORT). `nil` hands the whole line to the parser.
    static func quickReading(_ arguments: [String]) -> ConsoleOptions? {
        var options = ConsoleOptions()
        var nextPositional = table.startIndex
        // Whether each entry was given (by any of its names: `-q` or `--quiet`).
        var given = [Bool](repeating: false, count: table.count)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                // HOST, then PORT: the table's positionals in their order.
                guard !argument.isEmpty, let found = entryIndex(from: nextPositional, where: { $0.isPositional }),
                    case .positional(let set) = table[found].kind
                else { return nil }
                set(&options, argument)
                nextPositional = found + 1
                continue
            }
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let found = entryIndex(where: { $0.isNamed(name) }), table[found].takesValue || value == nil else { return nil }
            let entry = table[found]
            if entry.takesValue && value == nil {
                guard index < arguments.endIndex, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            guard entry.repeats || !given[found] else { return nil }
            given[found] = true
            switch (entry.kind, value) {
            case (.flag(let set), _): set(&options, true)
            case (.text(let set, _), let value?), (.list(let set), let value?): set(&options, value)
            case (.number(let set, _), let value?):
                guard let number = Double(argument: value) else { return nil }
                set(&options, number)
            default: return nil
            }
        }
        return options
    }

    /// The place of the first entry from `start` on that `matches`. An index loop, not
    /// `firstIndex(where:)`: unspecialized (a debug build), a sequence's algorithm makes the
    /// runtime build its iterator's type, and the first such question scans every
    /// conformance record (about 0.3 million instructions).
    static func entryIndex(from start: Int = 0, where matches: (ConsoleOption) -> Bool) -> Int? {
        var index = start
        while index < table.count {
            if matches(table[index]) { return index }
            index += 1
        }
        return nil
    }
}
