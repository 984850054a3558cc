import SMTPCore
import Synchronization

/// A command the event loop writes by itself the moment the reply it answers arrives.
///
/// `--starttls` answers the greeting with EHLO and an EHLO reply that advertises STARTTLS
/// with STARTTLS. The console's machine decides those answers before the replies come
/// (its `arm` output) and hands them to the connection's ``AnswerSlot``; the event loop
/// writes each from the read that delivers its reply, without a round trip through the
/// console's thread: the way a single-threaded client (`openssl s_client -starttls smtp`)
/// answers (docs/benchmarks.md, tenth round). The transport only carries them out.
///
/// The ``ConnectionEvent/answerWritten`` event, delivered just before the reply, tells the
/// machine the answer is out so that it records the command instead of writing it. The
/// armed answers form a chain, each for the next reply: a reply that does not meet its
/// answer's trigger, a parse error, more bytes behind the reply, or a STARTTLS whose
/// context is not built yet disarms the rest, and from there on the machine answers as usual.
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
        /// These bytes.
        case write([UInt8])
        /// STARTTLS with the transport's guard (`SMTPConnection.startTLS`), with the context
        /// `ahead` built; `then` follows once TLS is up and `completion` gets the outcome.
        /// Not written when the context is not built yet.
        case startTLS(
            command: [UInt8], ahead: TLSContextAhead, then: [UInt8]?,
            completion: @Sendable (Result<StartTLSOutcome, any Error>) -> Void)
    }

    public let trigger: Trigger
    public let action: Action

    public init(when trigger: Trigger, _ action: Action) {
        self.trigger = trigger
        self.action = action
    }
}

/// Where a connection's armed answers wait for its first reply (``ConnectOptions/answers``).
///
/// The connection opens before its answers are decided (the EHLO name may still be being
/// worked out on the console's thread while the TCP handshake runs). The event loop takes
/// the slot's answers when the first reply arrives and never waits for them: a slot not
/// armed by then stays empty, and the machine, not told of a written answer, writes the
/// command itself.
public final class AnswerSlot: Sendable {
    private enum State {
        case open
        case armed([ArmedAnswer])
        /// The first reply came: arming is too late.
        case taken
    }

    private let state = Mutex<State>(.open)

    public init() {}

    /// Arms `answers` for the first replies; false when the first reply already came (then
    /// none is written).
    @discardableResult
    public func arm(_ answers: [ArmedAnswer]) -> Bool {
        state.withLock { state in
            guard case .open = state else { return false }
            state = .armed(answers)
            return true
        }
    }

    /// The armed answers, once (the event loop, at the first reply); none when not armed yet.
    func take() -> [ArmedAnswer] {
        state.withLock { state in
            defer { state = .taken }
            if case .armed(let answers) = state { return answers }
            return []
        }
    }
}
