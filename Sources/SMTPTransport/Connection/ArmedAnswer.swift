import SMTPCore

/// A command the event loop writes by itself the moment the reply it answers arrives.
///
/// `--starttls` answers the greeting with EHLO and an EHLO reply that advertises STARTTLS
/// with STARTTLS. Those answers are known before the replies come, so they are armed when
/// the connection opens (``ConnectOptions/armedAnswers``) and written from the read that
/// delivers the reply, without a round trip through the console's thread: the way a
/// single-threaded client (`openssl s_client -starttls smtp`) answers
/// (docs/benchmarks.md, tenth round).
///
/// The console still decides: it arms only what it would send itself, and the
/// ``ConnectionEvent/answerWritten`` event, delivered just before the reply, tells it the
/// answer is out so that it records the command instead of writing it. The armed answers
/// form a chain, each for the next reply: a reply that does not meet its answer's trigger,
/// a parse error, more bytes behind the reply, or an answer that cannot be made disarms
/// the rest, and from there on the console answers as usual.
public struct ArmedAnswer: Sendable {
    /// Which reply the answer is for.
    public enum Trigger: Sendable, Hashable {
        /// The connection's first reply, when it is a 220 greeting.
        case greeting
        /// The next reply, when it is a 250 (EHLO or LHLO reply) advertising the keyword.
        case advertising(String)

        /// Whether `reply`, the `number`th reply on the connection (from 1), is the one.
        func isMet(by reply: Reply, number: Int) -> Bool {
            switch self {
            case .greeting: number == 1 && reply.code == 220
            case .advertising(let keyword): reply.code == 250 && Capabilities(ehloReply: reply).contains(keyword)
            }
        }
    }

    /// What is written.
    public enum Action: Sendable {
        /// The command's bytes, worked out when the reply arrives (a name may still be
        /// looked up when the answer is armed); nil when they are not known yet, which
        /// disarms the answer: the event loop never waits for them.
        case write(@Sendable () -> [UInt8]?)
        /// STARTTLS with the transport's guard (`SMTPConnection.startTLS`), with the context
        /// `ahead` built; `then` follows once TLS is up and `completion` gets the outcome.
        /// Not written when the context is not built yet, or `then` not known yet (nil).
        case startTLS(
            command: [UInt8], ahead: TLSContextAhead, then: @Sendable () -> [UInt8]?,
            completion: @Sendable (Result<StartTLSOutcome, any Error>) -> Void)
    }

    public let trigger: Trigger
    public let action: Action

    public init(when trigger: Trigger, _ action: Action) {
        self.trigger = trigger
        self.action = action
    }

    /// `--starttls`'s answers: `hello` (the EHLO or LHLO line, without its CRLF, worked out
    /// when the greeting arrives) to a 220 greeting, then STARTTLS with the context `ahead`
    /// to a reply advertising STARTTLS, `hello` again once TLS is up; `completion` gets the
    /// STARTTLS outcome.
    public static func startTLSPrelude(
        hello: @escaping @Sendable () -> String?, ahead: TLSContextAhead,
        completion: @escaping @Sendable (Result<StartTLSOutcome, any Error>) -> Void
    ) -> [ArmedAnswer] {
        let line: @Sendable () -> [UInt8]? = { hello().map { Array($0.utf8) + [0x0D, 0x0A] } }
        return [
            ArmedAnswer(when: .greeting, .write(line)),
            ArmedAnswer(
                when: .advertising("STARTTLS"),
                .startTLS(command: Array("STARTTLS\r\n".utf8), ahead: ahead, then: line, completion: completion)),
        ]
    }
}
