import SMTPTransport

/// The lines that report a failed connection attempt: the error's own one-line message
/// and, for TLS, how to proceed.
enum ConnectFailure {
    static func lines(for error: any Error, target: ConnectTarget, style: Style) -> [String] {
        switch error {
        case let error as ConnectError:
            return [style.error("smtpc: \(error.message)")]
        case let error as TLSError:
            var lines = [style.error("smtpc: TLS failed: \(error.message)")]
            if let suggestion = error.suggestion { lines.append(style.hint("  " + suggestion)) }
            return lines
        case let error as MXError:
            return [style.error("smtpc: \(error.message)")]
        default:
            return [style.error("smtpc: cannot connect to \(target): \(error)")]
        }
    }
}
