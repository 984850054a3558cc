import SMTPAuth
import SMTPCore
import Testing

/// No text a user, a log or a transcript can see holds the password, the token, or
/// their base64.
@Suite("Redaction")
struct RedactionTests {
    static let password = "Tr0ub4dor&3-zz"
    static let token = "ya29.a0AfH6SMBxToken"

    /// Everything printable about a value: description, debug text, interpolation, dump.
    private func texts(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    /// Fails for each text holding a forbidden string.
    private func expectClean(
        _ texts: [String], of forbidden: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for text in texts {
            for secret in forbidden where !secret.isEmpty && text.contains(secret) {
                Issue.record("«\(text)» shows a secret", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func secretsPrintAsRedacted() {
        let secret = Secret(Self.password)
        for text in texts(secret) { #expect(text.contains("[redacted]")) }
        let credentials = SASLCredentials(username: "alice", password: secret)
        #expect(credentials.description == "user \"alice\", password [redacted]")
        #expect(
            SASLCredentials(username: "bob", bearerToken: Secret(Self.token), authorizationIdentity: "shared")
                .description
                == "user \"bob\" as \"shared\", token [redacted]")
        expectClean(
            texts(secret) + texts(credentials) + texts(credentials.proof),
            of: [Self.password, Base64.encode(Self.password)])
    }

    /// Runs every mechanism through success, failure, error challenges and cancellation,
    /// and checks every text the module returned.
    @Test(arguments: SASLMechanism.allCases)
    func exchangesShowNoSecret(mechanism: SASLMechanism) throws {
        let secret = mechanism.usesBearerToken ? Self.token : Self.password
        let credentials =
            mechanism.usesBearerToken
            ? SASLCredentials(username: "alice", bearerToken: Secret(secret))
            : SASLCredentials(username: "alice", password: Secret(secret))
        var shown: [String] = []
        var forbidden = [secret, Base64.encode(secret)]
        let error = #"{"status":"401"}"#
        for finalCode in [235, 535, 454, 501] {
            for allowIR in [true, false] {
                var auth = try AuthExchange(
                    mechanism: mechanism, credentials: credentials, host: "mx.example", port: 587)
                var lines = [auth.start(initialResponseAllowed: allowIR)]
                for challenge in ["", "VXNlcm5hbWU6", "UGFzc3dvcmQ6", Base64.encode(error), "PDEyQGV4Pg=="] {
                    guard case .send(let line, let decoded) = auth.replyReceived(serverReply("334 \(challenge)")) else {
                        continue
                    }
                    lines.append(line)
                    shown.append(decoded.displayText)
                }
                let outcome = auth.finalReplyReceived(code: finalCode)
                if case .failed(let failure) = outcome {
                    shown += [failure.explanation] + texts(failure)
                }
                shown += texts(outcome) + texts(auth)
                for line in lines {
                    #expect(line.isSecret)
                    shown += [line.displayText, line.summary] + texts(line)
                    // Protocol constants (`AUTH LOGIN`, `*`, `AQ==`, the empty line) carry nothing.
                    if line.displayText != line.unredactedText { forbidden.append(line.unredactedText) }
                }
            }
        }
        #expect(forbidden.count > 2, "some line must have carried the secret")
        expectClean(shown, of: forbidden)
    }

    @Test func setupErrorsShowNoSecret() {
        let withNUL = "Zq8\u{0}Xv-Q7"
        do {
            _ = try AuthExchange(
                mechanism: .plain, credentials: SASLCredentials(username: "u", password: Secret(withNUL)))
            Issue.record("a NUL in the password must be refused")
        } catch {
            expectClean(texts(error), of: ["Zq8", "Xv-Q7"])
        }
    }
}
