/// Whether to colour output: decided once, at start, from the option, `NO_COLOR`,
/// `TERM` and whether standard output is a terminal.
public enum ColorMode: String, Sendable, CaseIterable {
    case auto, always, never

    /// Resolves the mode into on or off.
    ///
    /// `always` wins over everything; `never` and a set `NO_COLOR` (https://no-color.org)
    /// turn colour off; `auto` colours only a terminal whose `TERM` is not `dumb`.
    public func isEnabled(environment: [String: String], outputIsTerminal: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return outputIsTerminal
        }
    }
}

/// Every escape sequence smtpc writes for colour, in one place.
///
/// Reply classes: 2xx green (SGR 32), 3xx cyan (36), 4xx yellow (33), 5xx red (31).
public struct Style: Sendable {
    /// `false`: every function returns its text unchanged.
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// The SGR colour number of a reply class, or nil for codes outside 2xx–5xx.
    public static func sgr(forReplyCode code: Int) -> Int? {
        switch code / 100 {
        case 2: return 32
        case 3: return 36
        case 4: return 33
        case 5: return 31
        default: return nil
        }
    }

    /// Text coloured for a reply code's class.
    public func reply(_ text: String, code: Int) -> String {
        guard let sgr = Style.sgr(forReplyCode: code) else { return text }
        return wrap(text, "\(sgr)")
    }

    /// Annotations: dim, so the server's own text stands out.
    public func annotation(_ text: String) -> String { wrap(text, "2") }
    /// Warnings about a typed line: yellow, bold.
    public func warning(_ text: String) -> String { wrap(text, "1;33") }
    /// Errors from smtpc itself: bold red.
    public func error(_ text: String) -> String { wrap(text, "1;31") }
    /// Events (connected, closed, TLS): bold.
    public func event(_ text: String) -> String { wrap(text, "1") }
    /// Hints and help: cyan.
    public func hint(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ sgr: String) -> String {
        enabled ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}
