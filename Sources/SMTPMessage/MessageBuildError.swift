/// Why a message cannot be built from its `MessageSpec`; `description` is a one-line
/// explanation for the user.
public enum MessageBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An address that is not `local@domain` (or `Name <local@domain>`).
    case invalidAddress(String)
    /// An address with a non-ASCII byte while SMTPUTF8 is not in use.
    case addressNeedsSMTPUTF8(String)
    /// A `--header` that is not `Name: value` with a printable ASCII name and a one-line value.
    case invalidHeader(String)
    /// A header the builder makes itself, or Bcc.
    case reservedHeader(String)
    /// Inline images without an HTML body to show them in.
    case inlineImagesWithoutHTML
    /// A Content-ID that cannot go between angle brackets.
    case invalidContentID(String)
    /// A Message-ID domain that cannot follow the `@`.
    case invalidMessageIDDomain(String)
    /// A file to attach that cannot be opened or read: its path and the system's reason.
    case unreadableFile(String, reason: String)
    /// A file that changed between the message's preparing and its writing.
    case fileChanged(String)
    /// Where the message was being written failed: its name and the system's reason.
    case cannotWrite(String, reason: String)

    public var description: String {
        switch self {
        case .invalidAddress(let address):
            "'\(address)' is not an address of the form local@domain (or Name <local@domain>)."
        case .addressNeedsSMTPUTF8(let address):
            "The address '\(address)' is not ASCII: it can only be sent with SMTPUTF8 (RFC 6531)."
        case .invalidHeader(let header):
            "'\(header)' is not a header of the form 'Name: value' (printable ASCII name, value on one line)."
        case .reservedHeader(let name) where name.lowercased() == "bcc":
            "Bcc is never a header: blind copies are envelope recipients only (use --bcc)."
        case .reservedHeader(let name):
            "\(name) is made by the message builder from the content and cannot be given."
        case .inlineImagesWithoutHTML:
            "Inline images need an HTML body that refers to them as cid:…"
        case .invalidContentID(let id):
            "'\(id)' cannot be a Content-ID: printable ASCII without spaces or angle brackets, please."
        case .invalidMessageIDDomain(let domain):
            "'\(domain)' cannot be a Message-ID's domain: printable ASCII without spaces, @ or angle brackets, please."
        case .unreadableFile(let path, let reason):
            "Cannot read '\(path)': \(reason)."
        case .fileChanged(let path):
            "'\(path)' changed after the message was prepared: what was written of it is incomplete."
        case .cannotWrite(let name, let reason):
            "Cannot write the message to '\(name)': \(reason)."
        }
    }
}
