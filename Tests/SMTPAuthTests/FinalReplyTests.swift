import SMTPAuth
import Testing

/// What each final reply code means to the user (RFC 4954 §4 and §6).
@Suite("Final replies")
struct FinalReplyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let code: Int
        let mechanism: SASLMechanism
        let reason: AuthFailure.Reason
        let explanation: String
        let temporary: Bool
        var testDescription: String { "\(code) to \(mechanism)" }
    }

    static let cases: [Case] = [
        Case(
            code: 535, mechanism: .xoauth2, reason: .invalidCredentials,
            explanation:
                "The server refused the token (535): it may have expired, been revoked, or lack the mail scope.",
            temporary: false),
        Case(
            code: 534, mechanism: .plain, reason: .mechanismTooWeak,
            explanation: "The server considers PLAIN too weak for this account (534); try a stronger mechanism.",
            temporary: false),
        Case(
            code: 538, mechanism: .login, reason: .encryptionRequired,
            explanation: "The server accepts LOGIN only over an encrypted connection (538): run STARTTLS first.",
            temporary: false),
        Case(
            code: 454, mechanism: .plain, reason: .temporaryFailure,
            explanation: "The server could not check the user name or password just now (454), often because its "
                + "authentication service is unreachable; try again later.",
            temporary: true),
        Case(
            code: 451, mechanism: .xoauth2, reason: .temporaryFailure,
            explanation: "The server could not check the token just now (451), often because its "
                + "authentication service is unreachable; try again later.",
            temporary: true),
        Case(
            code: 504, mechanism: .cramMD5, reason: .mechanismNotSupported,
            explanation: "The server does not support CRAM-MD5 (504); pick one it advertised in its EHLO reply.",
            temporary: false),
        Case(
            code: 530, mechanism: .plain, reason: .authenticationNotPossibleHere,
            explanation:
                "The server will not authenticate on this connection yet (530); most often it wants STARTTLS first.",
            temporary: false),
        Case(
            code: 432, mechanism: .cramMD5, reason: .passwordTransitionNeeded,
            explanation: "The server wants the password changed or set up once with PLAIN before CRAM-MD5 works (432).",
            temporary: false),
        Case(
            code: 501, mechanism: .plain, reason: .syntaxError,
            explanation: "The server could not read the AUTH command or an answer (501).", temporary: false),
        Case(
            code: 500, mechanism: .plain, reason: .commandRejected,
            explanation: "The server rejected the command (500): it may not know AUTH, or a line was too long.",
            temporary: false),
        Case(
            code: 503, mechanism: .login, reason: .badSequence,
            explanation:
                "The server does not accept AUTH at this point (503): the session may already be authenticated.",
            temporary: false),
        Case(
            code: 554, mechanism: .login, reason: .unexpectedReply,
            explanation: "The server ended the LOGIN exchange with an unexpected reply (554).", temporary: false),
    ]

    @Test(arguments: cases)
    func failureExplains(_ item: Case) throws {
        let credentials =
            item.mechanism.usesBearerToken
            ? SASLCredentials(username: "u", bearerToken: Secret("t"))
            : SASLCredentials(username: "u", password: Secret("p"))
        var auth = try AuthExchange(mechanism: item.mechanism, credentials: credentials)
        _ = auth.start()
        guard case .finished(.failed(let failure)) = auth.replyReceived(serverReply("\(item.code) x")) else {
            Issue.record("\(item.code) must end the exchange with a failure")
            return
        }
        #expect(failure.code == item.code)
        #expect(failure.mechanism == item.mechanism)
        #expect(failure.reason == item.reason)
        #expect(failure.explanation == item.explanation)
        #expect(failure.description == item.explanation)
        #expect(failure.isTemporary == item.temporary)
        #expect(failure.cancelReason == nil)
    }

    @Test(arguments: [235, 250])
    func positiveCompletionSucceeds(code: Int) throws {
        var auth = try AuthExchange(
            mechanism: .plain, credentials: SASLCredentials(username: "u", password: Secret("p")))
        _ = auth.start()
        #expect(auth.finalReplyReceived(code: code) == .succeeded)
    }
}
