/// How a run of smtpc ended; each case has a distinct, documented exit status.
///
/// The numbers follow sysexits.h where one fits, so scripts can tell the cases apart.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every reply was positive (or the user quit the console).
    case success = 0
    /// A reply was negative (4xx or 5xx) in script mode.
    case negativeReply = 1
    /// `smtpc replay`: a reply differed from the recording (or one was missing or extra).
    case replayDiffers = 2
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
    /// plaintext after its 220 to STARTTLS.
    case tlsFailure = 80
    /// `--starttls`: the server does not offer STARTTLS, or refused it.
    case startTLSUnavailable = 81
    /// The console was ended by SIGHUP (its terminal closed), after leaving as at Ctrl-D.
    case hangup = 129
    /// The console was ended by SIGTERM, after leaving as at Ctrl-D.
    case terminated = 143
}
