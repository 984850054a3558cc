/// One argument or option of the console's command line, as the table
/// (`ConsoleOptions.table`) declares it: the one place each is written. Everything else is
/// made from these: the quick reading (`ConsoleOptions+QuickReading.swift`), the
/// declarations swift-argument-parser reads (`ConsoleArguments`), and so `--help`, the
/// completions, smtpc(1) and docs/reference.md; and the profile keys that set an option.
struct ConsoleOption: Sendable {
    /// What the option is, and how its value goes into `ConsoleOptions`. A closure rather
    /// than a key path: a key path is made by the runtime at its first use, at every start.
    enum Kind: Sendable {
        /// HOST or PORT, by position.
        case positional(@Sendable (inout ConsoleOptions, String) -> Void)
        /// Present or not.
        case flag(@Sendable (inout ConsoleOptions, Bool) -> Void)
        /// One value; `defaultValue` (shown by `--help`) when the option has one besides nothing.
        case text(@Sendable (inout ConsoleOptions, String) -> Void, defaultValue: String? = nil)
        /// One number of seconds, with its default.
        case number(@Sendable (inout ConsoleOptions, Double) -> Void, defaultValue: Double)
        /// Repeatable: each value is added.
        case list(@Sendable (inout ConsoleOptions, String) -> Void)
    }

    /// What the shells complete the value with.
    enum Completion: Sendable {
        case none
        case file
        case words([String])
        /// The profiles' names, after `marker` (`@` for the HOST argument).
        case profiles(marker: String)
    }

    /// The property of `ConsoleOptions` it sets, and of `ConsoleArguments` (the parser's key).
    let key: String
    /// Every name, as typed (`-q`, `--quiet`), in the order `--help` shows them; none for a positional.
    let names: [String]
    let kind: Kind
    /// What `--help` says; a hidden option (`--generate-manual`) has none. Made when asked
    /// for: the quick reading never asks, and the scenarios' list alone cost a scan of the
    /// conformance records (about 0.3 million instructions in a debug build).
    var help: String { helpText() }
    private let helpText: @Sendable () -> String
    /// The value's name in `--help` (`FILE`), for an option or a positional.
    let valueName: String?
    let completion: Completion
    /// The key of a profile (`[profiles.NAME]`) that sets it when the command line does not.
    let profileKey: String?

    /// An option: its names, and for a value its name in `--help`.
    init(
        _ key: String, _ names: [String], _ kind: Kind, help: @autoclosure @escaping @Sendable () -> String = "",
        value valueName: String? = nil,
        completion: Completion = .none, profileKey: String? = nil
    ) {
        self.key = key
        self.names = names
        self.kind = kind
        self.helpText = help
        self.valueName = valueName
        self.completion = completion
        self.profileKey = profileKey
    }

    /// A positional argument, by its place.
    init(
        _ key: String, _ kind: Kind, help: @autoclosure @escaping @Sendable () -> String, value valueName: String,
        completion: Completion = .none
    ) {
        self.init(key, [], kind, help: help(), value: valueName, completion: completion)
    }

    /// Whether `name` is one of its names (an index loop, for the reason
    /// `ConsoleOptions.entryIndex(from:where:)` gives).
    func isNamed(_ name: String) -> Bool {
        var index = 0
        while index < names.count {
            if names[index] == name { return true }
            index += 1
        }
        return false
    }

    /// Whether the option takes a value.
    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    /// Whether the option may be given more than once.
    var repeats: Bool {
        if case .list = kind { return true }
        return false
    }

    /// Whether it is a positional argument.
    var isPositional: Bool {
        if case .positional = kind { return true }
        return false
    }

    /// Shown by `--help` (and so in smtpc(1) and docs/reference.md).
    var isShown: Bool { !help.isEmpty }
}
