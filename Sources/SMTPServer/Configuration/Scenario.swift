/// A named way for the practice server to misbehave on purpose, for a lesson.
///
/// Each scenario only changes settings of `PracticeServerConfiguration` (see `apply(to:)`),
/// so a lesson can also be built by setting those directly, e.g. a shorter greylist delay
/// in a test.
public enum Scenario: String, CaseIterable, Sendable, Hashable {
    /// 451 4.7.1 the first time an envelope (client, sender, recipient) is seen; accepted
    /// when retried after `greylistDelay`.
    case greylist
    /// Every reply is delayed by `replyDelay`.
    case tarpit
    /// SIZE 1024: bigger messages get 552 5.3.4.
    case sizeLimit = "size-limit"
    /// 421 4.4.2 after a few seconds without a command.
    case idleTimeout = "idle-timeout"
    /// Every second connection (the first, the third…) is dropped just after a RCPT command.
    case flaky
    /// Rejects bare LF, addresses without angle brackets and a space after the colon.
    case strict
    /// STARTTLS is neither offered nor accepted.
    case noTLS = "no-tls"

    /// One line saying what the scenario does, for `--help` and the start banner.
    public var summary: String {
        switch self {
        case .greylist: "451 4.7.1 for a new envelope; the same envelope is accepted when retried later"
        case .tarpit: "every reply comes slowly"
        case .sizeLimit: "SIZE 1024: larger messages are refused with 552 5.3.4"
        case .idleTimeout: "421 4.4.2 and the connection closed after a few idle seconds"
        case .flaky: "every second connection is dropped right after RCPT, with no reply"
        case .strict:
            "bare LF, missing angle brackets and a space after the colon are refused; no PIPELINING, and talking "
                + "before the greeting (which waits 1 s) or without waiting for a reply gets 554 5.5.0 SMTP synchronization error"
        case .noTLS: "no STARTTLS"
        }
    }

    /// The scenario's settings, written into a configuration.
    public func apply(to configuration: inout PracticeServerConfiguration) {
        switch self {
        case .greylist: configuration.greylistDelay = configuration.greylistDelay ?? .seconds(10)
        case .tarpit: if configuration.replyDelay == .zero { configuration.replyDelay = .seconds(2) }
        case .sizeLimit: configuration.maxMessageSize = 1024
        case .idleTimeout: configuration.idleTimeout = .seconds(5)
        case .flaky: configuration.dropEveryOtherConnectionAfterRCPT = true
        case .strict: configuration.strict = true
        case .noTLS: configuration.tlsEnabled = false
        }
    }
}
