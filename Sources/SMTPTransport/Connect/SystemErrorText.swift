import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Classifies a failed connection attempt and words it for the user.
enum SystemErrorText {
    /// The system's description of `errno`, starting lower-case to fit inside a sentence.
    static func describe(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ENETUNREACH: return "network unreachable"
        case EHOSTUNREACH: return "no route to host"
        case ETIMEDOUT: return "timed out"
        case ECONNRESET: return "connection reset by peer"
        case ENOENT: return "no such file or directory"
        case EACCES, EPERM: return "permission denied"
        case EADDRNOTAVAIL: return "address not available on this host"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    /// The kind and wording for an error thrown by a connect to one address.
    static func classify(_ error: any Error, timeout: Duration) -> (ConnectError.Kind, String) {
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return (.timedOut, "no answer within \(timeout)")
        }
        guard let ioError = error as? IOError else {
            return (.other, "\(error)")
        }
        let code = ioError.errnoCode
        let reason = describe(errno: code)
        switch code {
        case ECONNREFUSED: return (.refused, reason)
        case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EADDRNOTAVAIL, EAFNOSUPPORT: return (.unreachable, reason)
        case ETIMEDOUT: return (.timedOut, reason)
        case ENOENT, ENOTDIR: return (.socketNotFound, reason)
        case EACCES, EPERM: return (.permissionDenied, reason)
        default: return (.other, reason)
        }
    }
}
