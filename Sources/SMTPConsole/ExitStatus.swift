/// How a run of smtpc ended; each case has a distinct, documented exit status.
///
/// The numbers follow sysexits.h where one fits, so scripts can tell the cases apart.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every reply was positive (or the user quit the console).
    case success = 0
    /// A reply was negative (4xx or 5xx) in script mode.
    case negativeReply = 1
    /// What was checked did not pass: `smtpc replay`, a reply differed from the recording (or
    /// one was missing or extra); `smtpc check`, a policy (DANE, MTA-STS, DNSSEC) failed.
    case checkFailed = 2
    /// `smtpc send`: some recipients were refused, and the message was accepted for the others.
    case someRecipientsRefused = 3
    /// Bad usage: wrong options or arguments (EX_USAGE).
    case usage = 64
    /// `/send` or `/bdat` in a script: the file is larger than the server's SIZE limit
    /// (RFC 1870), so it was not sent (EX_DATAERR).
    case messageTooLarge = 65
    /// A file could not be read: `smtpc replay` or `render` given a transcript that cannot
    /// be opened or is malformed (EX_NOINPUT).
    case noInput = 66
    /// The host name could not be resolved (EX_NOHOST).
    case unknownHost = 68
    /// The connection was refused or the network unreachable (EX_UNAVAILABLE).
    case unavailable = 69
    /// Something inside smtpc failed (EX_SOFTWARE).
    case software = 70
    /// An output file (the transcript) could not be created (EX_CANTCREAT).
    case cannotCreate = 73
    /// The connection was lost before the conversation ended (EX_IOERR).
    case connectionLost = 74
    /// Connecting or waiting for a reply timed out (EX_TEMPFAIL).
    case timeout = 75
    /// The server sent a reply smtpc could not parse (EX_PROTOCOL).
    case protocolError = 76
    /// The TLS handshake or certificate verification failed, or the server injected
    /// plaintext after its 220 to STARTTLS; `--dane`: no usable TLSA record matches the
    /// chain, or the TLSA answer does not validate.
    case tlsFailure = 80
    /// `--starttls` (or `--dane` with TLSA records): the server does not offer STARTTLS, or refused it.
    case startTLSUnavailable = 81
    /// `--proxy`: the proxy could not be reached, or did not answer as a proxy.
    case proxyUnavailable = 82
    /// `--proxy`: the proxy wants a user name and password, or refused the ones given.
    case proxyAuthentication = 83
    /// `--proxy`: the proxy refused to connect to the server (its rules).
    case proxyRefused = 84
    /// `--proxy`: the proxy could not reach the server (refused or unreachable from the proxy).
    case proxiedServerUnreachable = 85
    /// `smtpc send`: the message or its envelope needs an extension the server did not
    /// advertise (SMTPUTF8, DSN, REQUIRETLS, 8BITMIME, SIZE over the limit), or REQUIRETLS
    /// on a session without TLS; nothing was sent.
    case extensionMissing = 86
    /// The console was ended by SIGHUP (its terminal closed), after leaving as at Ctrl-D.
    case hangup = 129
    /// The console was ended by SIGTERM, after leaving as at Ctrl-D.
    case terminated = 143
}

extension ExitStatus {
    /// What the status means, in a sentence (the manual page's EXIT STATUS).
    public var meaning: String {
        switch self {
        case .success: "Every reply was positive (script mode), or the console was left normally."
        case .negativeReply: "A reply was negative (4xx or 5xx) in script mode."
        case .checkFailed:
            "smtpc replay: a reply differed from the recording, was missing, or was extra; "
                + "smtpc check: a policy check failed (DANE, MTA-STS, DNSSEC, or a host that does not answer)."
        case .someRecipientsRefused: "smtpc send: some recipients were refused; the message was accepted for the others."
        case .usage:
            "Bad usage: an unknown option, a bad port, options that exclude each other, a profile file with a mistake; "
                + "--pipeline to a server without PIPELINING."
        case .messageTooLarge: "Script mode: /send or /bdat of a file larger than the server's SIZE limit (nothing was sent)."
        case .noInput: "smtpc replay or render: the transcript cannot be read or is malformed."
        case .unknownHost: "The host name could not be resolved."
        case .unavailable: "The connection was refused or the network unreachable."
        case .software: "Something inside smtpc failed (the practice server could not start)."
        case .cannotCreate: "The transcript could not be created, or exists without --append or --force."
        case .connectionLost: "The connection was lost before the script ended."
        case .timeout: "Connecting or waiting for a reply timed out."
        case .protocolError: "The server sent a reply that could not be parsed."
        case .tlsFailure:
            "TLS failed: the handshake, the certificate's verification, or plaintext injected after STARTTLS; "
                + "--dane: no usable TLSA record matches the chain, or the TLSA records do not validate under DNSSEC."
        case .startTLSUnavailable: "--starttls, or --dane with TLSA records: the server does not offer STARTTLS, or refused it."
        case .proxyUnavailable: "--proxy: the proxy could not be reached, or did not answer as a SOCKS5 or HTTP proxy."
        case .proxyAuthentication: "--proxy: the proxy wants a user name and password, or refused the ones given."
        case .proxyRefused: "--proxy: the proxy refused to connect to the server (its rules, or a port it does not allow)."
        case .proxiedServerUnreachable: "--proxy: the proxy could not reach the server (refused or unreachable from the proxy)."
        case .extensionMissing:
            "smtpc send: the message needs an extension the server did not advertise (SMTPUTF8, DSN, REQUIRETLS, "
                + "8BITMIME, or SIZE too small), or REQUIRETLS without TLS; nothing was sent."
        case .hangup: "The console was ended by SIGHUP (its terminal closed), after leaving as at Ctrl-D."
        case .terminated: "The console was ended by SIGTERM, after leaving as at Ctrl-D."
        }
    }
}
