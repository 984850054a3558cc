import SMTPCore
import SMTPDKIM
import SMTPMessage

/// Why `smtpc send` stopped before its message went out; said once, then the status.
public enum SendError: Error, CustomStringConvertible {
    /// The server lacks what the message or envelope needs (SMTPUTF8, DSN, REQUIRETLS…):
    /// nothing was sent.
    case envelope(EnvelopeError)
    case message(MessageBuildError)
    case dkimKey(DKIMKeyError)
    case dkimSigning(DKIMSigningError)
    /// A file (the message, an attachment) could not be read, or the temporary file written.
    case file(path: String, reason: String)
    /// The EHLO (or LHLO) was refused, or AUTH failed: no transaction can start.
    case notReady(String)

    public var description: String {
        switch self {
        case .envelope(let error): "\(error)"
        case .message(let error): "\(error)"
        case .dkimKey(let error): "--dkim: \(error)"
        case .dkimSigning(let error): "--dkim: \(error)"
        case .file(let path, let reason): "\(path): \(reason)"
        case .notReady(let what): what
        }
    }
}

extension SendError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .envelope: .extensionMissing
        case .message(.unreadableFile), .message(.fileChanged): .noInput
        case .message(.cannotWrite): .cannotCreate
        case .message, .dkimKey, .dkimSigning: .usage
        case .file: .noInput
        case .notReady: .negativeReply
        }
    }
}
