import SMTPTranscript
import SMTPTransport

/// An error that ends smtpc with a status of its own: the one way from an error to an
/// ``ExitStatus`` (docs/architecture.md, "Errors and exit statuses").
///
/// Whoever lets such an error end the program says its message first; the executable then
/// exits with ``exitStatus`` and says nothing more.
public protocol ExitStatusError: Error {
    /// The status smtpc ends with when this error ends it.
    var exitStatus: ExitStatus { get }
}

/// A status thrown as it is: its message has been said, only the status is left.
extension ExitStatus: ExitStatusError {
    public var exitStatus: ExitStatus { self }
}

extension ExitStatus {
    /// The status `error` ends smtpc with: its own, or ``software`` (something inside smtpc
    /// failed) for an error that has none.
    public init(for error: any Error) {
        self = (error as? any ExitStatusError)?.exitStatus ?? .software
    }
}

extension ConnectError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch kind {
        case .unknownHost, .noAddressInFamily: .unknownHost
        case .timedOut: .timeout
        default: .unavailable
        }
    }
}

extension TLSError: ExitStatusError {
    public var exitStatus: ExitStatus { .tlsFailure }
}

extension ProxyError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch kind {
        case .unreachable: .proxyUnavailable
        case .authentication: .proxyAuthentication
        case .refused: .proxyRefused
        case .serverUnreachable: .proxiedServerUnreachable
        }
    }
}

extension MXError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch kind {
        case .unknownDomain, .invalidDomain, .noMailHost, .acceptsNoMail: .unknownHost
        case .timedOut: .timeout
        default: .unavailable
        }
    }
}

/// The `--record` transcript cannot be created (or exists without `--append` or `--force`).
extension TranscriptError: ExitStatusError {
    public var exitStatus: ExitStatus { .cannotCreate }
}

/// `smtpc replay` or `render`: the transcript cannot be read or is malformed.
extension TranscriptReadError: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}
