import SMTPAuth
import SMTPCore
import Testing

/// Credentials a mechanism cannot carry, and the 12288-octet limit of the AUTH line.
@Suite("Setup and initial-response length")
struct SetupAndLengthTests {
    private func setupError(
        _ mechanism: SASLMechanism, _ credentials: SASLCredentials, host: String? = nil, port: Int? = nil
    ) -> AuthSetupError? {
        do {
            _ = try AuthExchange(mechanism: mechanism, credentials: credentials, host: host, port: port)
            return nil
        } catch {
            return error
        }
    }

    @Test func proofMustSuitTheMechanism() {
        let withToken = SASLCredentials(username: "u", bearerToken: Secret("tok"))
        let withPassword = SASLCredentials(username: "u", password: Secret("pw"))
        #expect(setupError(.plain, withToken)?.description == "PLAIN needs a password, not a bearer token.")
        #expect(
            setupError(.xoauth2, withPassword)?.description
                == "XOAUTH2 needs an OAuth 2.0 bearer token, not a password.")
        #expect(setupError(.oauthBearer, withToken) == nil)
        #expect(setupError(.cramMD5, withPassword) == nil)
    }

    @Test func separatorsAreRefusedWithoutShowingTheSecret() {
        let nulPassword = SASLCredentials(username: "u", password: Secret("pa\u{0}ss-XYZ"))
        let error = setupError(.plain, nulPassword)
        #expect(error?.description == "The password must not contain NUL: PLAIN separates its fields with it.")
        #expect(setupError(.login, nulPassword) == nil)
        #expect(
            setupError(.plain, SASLCredentials(username: "u\u{0}v", password: Secret("p")))?.description
                == "The user name must not contain NUL: PLAIN separates its fields with it.")
        #expect(
            setupError(.xoauth2, SASLCredentials(username: "u", bearerToken: Secret("t\u{1}k-XYZ")))?.description
                == "The token must not contain ^A (0x01): XOAUTH2 separates its fields with it.")
        #expect(
            setupError(.oauthBearer, SASLCredentials(username: "u", bearerToken: Secret("t")), host: "a\u{1}b")?
                .description == "The host name must not contain control characters.")
        #expect(
            setupError(.oauthBearer, SASLCredentials(username: "u", bearerToken: Secret("t")), port: 0)?.description
                == "The port must be between 1 and 65535, not 0.")
    }

    /// `AUTH XOAUTH2 ` + base64 + CRLF: the payload `user=u^Aauth=Bearer T^A^A` is 21 bytes
    /// plus the token; 9204 payload bytes give 12272 base64 characters and a 12287-octet
    /// line, the longest that fits; 9205 would give 12291.
    @Test func initialResponseFallsBackAboveTheLineLimit() throws {
        let fitting = try AuthExchange(
            mechanism: .xoauth2,
            credentials: SASLCredentials(username: "u", bearerToken: Secret(String(repeating: "a", count: 9204 - 21))))
        var fits = fitting
        let line = fits.start()
        #expect(line.wireLength == 12287)
        #expect(line.wireLength <= AuthExchange.maxCommandLineLength)
        #expect(initialResponse(of: line) != nil)

        let token = String(repeating: "a", count: 9205 - 21)
        var tooLong = try AuthExchange(
            mechanism: .xoauth2, credentials: SASLCredentials(username: "u", bearerToken: Secret(token)))
        let command = tooLong.start()
        #expect(command.unredactedText == "AUTH XOAUTH2")
        #expect(command.summary.contains("12288"))
        let answer = tooLong.challengeReceived(serverReply("334 "))
        #expect(base64Bytes(answer.unredactedText) == bytes("user=u\u{01}auth=Bearer \(token)\u{01}\u{01}"))
        #expect(tooLong.finalReplyReceived(code: 235) == .succeeded)
    }
}
