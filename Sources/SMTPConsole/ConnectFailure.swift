import SMTPCore
import SMTPTransport

/// The lines that report a failed connection attempt: the error's own one-line message
/// and, for TLS, how to proceed.
enum ConnectFailure {
    static func lines(for error: any Error, target: ConnectTarget, style: Style) -> [String] {
        switch error {
        case let error as ConnectError:
            return [style.error("smtpc: \(VisibleText.escape(error.message))")]
        case let error as TLSError:
            return tlsFailureLines(error, style: style)
        case let error as ProxyError:
            return [style.error("smtpc: \(VisibleText.escape(error.message))")]
        case let error as MXError:
            return [style.error("smtpc: \(VisibleText.escape(error.message))")]
        default:
            return [style.error("smtpc: cannot connect to \(target): \(VisibleText.escape("\(error)"))")]
        }
    }

    /// A TLS failure and how to proceed. Certificate names come from the network, so the
    /// message is made visible-safe like any server text.
    static func tlsFailureLines(_ error: TLSError, style: Style) -> [String] {
        var lines = [style.error("smtpc: TLS failed: \(VisibleText.escape(error.message))")]
        if let suggestion = error.suggestion { lines.append(style.hint("  " + VisibleText.escape(suggestion))) }
        return lines
    }
}
