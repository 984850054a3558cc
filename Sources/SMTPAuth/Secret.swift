/// A password or bearer token that never shows itself in text.
///
/// Its `description`, `debugDescription` and mirror all print `[redacted]`, so string
/// interpolation, `print`, `dump`, `String(reflecting:)` and error messages built from it
/// cannot leak it. Only the mechanisms read its bytes, to build what goes on the wire.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// What every textual form of a secret shows.
    public static let placeholder = "[redacted]"

    /// The secret's UTF-8 bytes; internal so only this module's encoders see them.
    let bytes: [UInt8]

    /// A secret holding the UTF-8 bytes of `value`.
    public init(_ value: String) {
        bytes = Array(value.utf8)
    }

    /// A secret holding `bytes` as they are, for a password file that is not UTF-8.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `true` when the secret is the empty string.
    public var isEmpty: Bool { bytes.isEmpty }

    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    /// A mirror with no children: `dump` and the debugger see only the type's description.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
