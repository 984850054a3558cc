/// A value read from a TOML document (TOML 1.0), with the line each key was defined on,
/// so that a caller can name the line of a key it does not accept.
public indirect enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// An offset or local date-time, date or time, as written (validated, not interpreted).
    case datetime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The TOML name of the value's type, for messages ("expected a string, found an integer").
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .datetime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: its keys in the order they were defined, each with its line.
public struct TOMLTable: Sendable, Hashable {
    /// One key of the table.
    public struct Entry: Sendable, Hashable {
        public let key: String
        public var value: TOMLValue
        /// The 1-based line where the key was defined (for a table made by a `[header]`, the header's line).
        public let line: Int
    }

    public internal(set) var entries: [Entry] = []

    public init() {}

    /// The value of `key`, if the table has it.
    public subscript(key: String) -> TOMLValue? {
        entries.first { $0.key == key }?.value
    }

    /// The line where `key` was defined.
    public func line(of key: String) -> Int? {
        entries.first { $0.key == key }?.line
    }
}
