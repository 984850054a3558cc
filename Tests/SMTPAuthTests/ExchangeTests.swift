import SMTPAuth
import SMTPCore
import Testing

/// Whole exchanges, reply by reply, as a server would run them.
@Suite("AUTH exchanges")
struct ExchangeTests {
    let password = SASLCredentials(username: "alice", password: Secret("s3cret-Pa55"))
    let token = SASLCredentials(username: "alice@example.com", bearerToken: Secret("ya29.token-value"))

    @Test func plainWithInitialResponseSucceeds() throws {
        var auth = try AuthExchange(mechanism: .plain, credentials: password)
        let line = auth.start()
        #expect(line.displayText == "AUTH PLAIN [redacted]")
        #expect(base64Bytes(initialResponse(of: line) ?? "") == [0] + bytes("alice") + [0] + bytes("s3cret-Pa55"))
        #expect(auth.isInProgress)
        #expect(auth.replyReceived(serverReply("235 2.7.0 Authentication successful")) == .finished(.succeeded))
        #expect(!auth.isInProgress)
        #expect(auth.outcome == .succeeded)
    }

    @Test func plainWithoutInitialResponseAnswersTheEmptyChallenge() throws {
        var auth = try AuthExchange(mechanism: .plain, credentials: password)
        #expect(auth.start(initialResponseAllowed: false).unredactedText == "AUTH PLAIN")
        guard case .send(let answer, let challenge) = auth.replyReceived(serverReply("334 ")) else {
            Issue.record("a 334 must be answered")
            return
        }
        #expect(challenge.isEmpty)
        #expect(challenge.displayText == "(empty)")
        #expect(answer.displayText == "[redacted]")
        #expect(base64Bytes(answer.unredactedText) == [0] + bytes("alice") + [0] + bytes("s3cret-Pa55"))
        #expect(auth.finalReplyReceived(code: 235) == .succeeded)
    }

    @Test func plainWrongPasswordFails() throws {
        var auth = try AuthExchange(mechanism: .plain, credentials: password)
        _ = auth.start()
        let step = auth.replyReceived(serverReply("535 5.7.8 Error: authentication failed: authentication failure"))
        guard case .finished(.failed(let failure)) = step else {
            Issue.record("535 must end the exchange with a failure, got \(step)")
            return
        }
        #expect(failure.code == 535)
        #expect(failure.reason == .invalidCredentials)
        #expect(failure.explanation == "The server refused the credentials (535): wrong user name or password.")
        #expect(!failure.isTemporary)
    }

    @Test func plainCancelsWhenAskedForMore() throws {
        var auth = try AuthExchange(mechanism: .plain, credentials: password)
        _ = auth.start()
        let answer = auth.challengeReceived(serverReply("334 bW9yZT8="))
        #expect(answer.unredactedText == "*")
        guard case .failed(let failure) = auth.finalReplyReceived(code: 501) else {
            Issue.record("501 after * must fail")
            return
        }
        #expect(failure.reason == .cancelled)
        #expect(failure.explanation.contains("the server asked for more after the PLAIN response"))
    }

    @Test func loginAnswersUserThenPassword() throws {
        var auth = try AuthExchange(mechanism: .login, credentials: password)
        let command = auth.start()
        #expect(command.unredactedText == "AUTH LOGIN")
        #expect(command.displayText == "AUTH LOGIN")
        guard case .send(let user, let prompt1) = auth.replyReceived(serverReply("334 VXNlcm5hbWU6")),
            case .send(let pass, let prompt2) = auth.replyReceived(serverReply("334 UGFzc3dvcmQ6"))
        else {
            Issue.record("both 334 challenges must be answered")
            return
        }
        #expect(prompt1.displayText == "Username:")
        #expect(prompt2.displayText == "Password:")
        #expect(base64Bytes(user.unredactedText) == bytes("alice"))
        #expect(base64Bytes(pass.unredactedText) == bytes("s3cret-Pa55"))
        #expect((user.summary, pass.summary) == ("user name", "password"))
        #expect(auth.replyReceived(serverReply("235 2.7.0 Authentication successful")) == .finished(.succeeded))
    }

    /// The prompts' wording does not matter: servers say `User Name`, `Username:`; even
    /// prompts that are not base64 get the answers in order.
    @Test func loginAnswersByOrderNotByPrompt() throws {
        var auth = try AuthExchange(mechanism: .login, credentials: password)
        _ = auth.start()
        let first = SASLChallenge(reply: serverReply("334 UGFzc3dvcmQ6"))  // "Password:" first, oddly
        #expect(base64Bytes(auth.challengeReceived(first).unredactedText) == bytes("alice"))
        let second = SASLChallenge(reply: serverReply("334 not base64!"))
        #expect(second.displayText.hasPrefix("not valid base64: "))
        #expect(base64Bytes(auth.challengeReceived(second).unredactedText) == bytes("s3cret-Pa55"))
        #expect(auth.challengeReceived(serverReply("334 VXNlcm5hbWU6")).unredactedText == "*")
    }

    @Test func cramMD5SucceedsAndFails() throws {
        for (code, expected) in [(235, AuthOutcome.succeeded), (535, nil)] {
            var auth = try AuthExchange(mechanism: .cramMD5, credentials: password)
            _ = auth.start()
            let answer = auth.challengeReceived(serverReply("334 PDEyMzQ1LjY3ODlAZXhhbXBsZS5vcmc+"))
            let text = String(decoding: base64Bytes(answer.unredactedText), as: UTF8.self)
            #expect(text.hasPrefix("alice "))
            #expect(text.count == "alice ".count + 32)
            let outcome = auth.finalReplyReceived(code: code)
            if let expected {
                #expect(outcome == expected)
            } else if case .failed(let failure) = outcome {
                #expect(failure.reason == .invalidCredentials)
            } else {
                Issue.record("535 must fail")
            }
        }
    }

    @Test func cramMD5CancelsOnAChallengeThatIsNotBase64() throws {
        var auth = try AuthExchange(mechanism: .cramMD5, credentials: password)
        _ = auth.start()
        #expect(auth.challengeReceived(serverReply("334 <1234@example.org>")).unredactedText == "*")
        guard case .failed(let failure) = auth.finalReplyReceived(code: 501) else {
            Issue.record("501 after * must fail")
            return
        }
        #expect(failure.explanation == "The exchange was cancelled (501): the CRAM-MD5 challenge is not valid base64.")
    }

    /// Google: after an error challenge the client sends an empty line; the server then says 535.
    @Test func xoauth2ErrorChallengeGetsAnEmptyLine() throws {
        var auth = try AuthExchange(mechanism: .xoauth2, credentials: token)
        let start = auth.start()
        #expect(start.displayText == "AUTH XOAUTH2 [redacted]")
        let json = #"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#
        let step = auth.replyReceived(serverReply("334 " + Base64.encode(json)))
        guard case .send(let answer, let challenge) = step else {
            Issue.record("the error challenge must be answered")
            return
        }
        #expect(challenge.displayText == json)
        #expect(answer.unredactedText.isEmpty)
        #expect(answer.wireBytes == [0x0D, 0x0A])
        let refusal = serverReply(
            "535-5.7.8 Username and Password not accepted.\n535 5.7.8 https://support.google.com/mail/?p=BadCredentials")
        guard case .finished(.failed(let failure)) = auth.replyReceived(refusal) else {
            Issue.record("535 must fail")
            return
        }
        #expect(failure.serverDetail == json)
        #expect(failure.explanation.hasPrefix("The server refused the token (535)"))
        #expect(failure.explanation.hasSuffix("The server said: \(json)"))
    }

    @Test func xoauth2WithoutInitialResponse() throws {
        var auth = try AuthExchange(mechanism: .xoauth2, credentials: token)
        #expect(auth.start(initialResponseAllowed: false).unredactedText == "AUTH XOAUTH2")
        let answer = auth.challengeReceived(serverReply("334 "))
        #expect(
            base64Bytes(answer.unredactedText)
                == bytes("user=alice@example.com\u{01}auth=Bearer ya29.token-value\u{01}\u{01}"))
        #expect(auth.finalReplyReceived(code: 235) == .succeeded)
    }

    /// RFC 7628 §3.2.3: after an error challenge the client sends a lone ^A (`AQ==`).
    @Test func oauthBearerErrorChallengeGetsControlA() throws {
        var auth = try AuthExchange(mechanism: .oauthBearer, credentials: token, host: "smtp.example.com", port: 587)
        _ = auth.start()
        let json = #"{"status":"invalid_token","scope":"example_scope"}"#
        let answer = auth.challengeReceived(serverReply("334 " + Base64.encode(json)))
        #expect(answer.unredactedText == "AQ==")
        guard case .failed(let failure) = auth.finalReplyReceived(code: 535) else {
            Issue.record("535 must fail")
            return
        }
        #expect(failure.serverDetail == json)
    }

    /// A server's error text is network input: the failure keeps only its first 512 characters.
    @Test func oauthErrorDetailIsBounded() throws {
        var auth = try AuthExchange(mechanism: .xoauth2, credentials: token)
        _ = auth.start()
        _ = auth.challengeReceived(serverReply("334 " + Base64.encode(String(repeating: "x", count: 2000))))
        guard case .failed(let failure) = auth.finalReplyReceived(code: 535) else {
            Issue.record("535 must fail")
            return
        }
        #expect(failure.serverDetail == String(repeating: "x", count: 512) + "…")
    }

    @Test func restartingForgetsThePreviousRun() throws {
        var auth = try AuthExchange(mechanism: .login, credentials: password)
        _ = auth.start()
        _ = auth.challengeReceived(serverReply("334 VXNlcm5hbWU6"))
        _ = auth.finalReplyReceived(code: 454)
        _ = auth.start()
        #expect(auth.outcome == nil)
        #expect(base64Bytes(auth.challengeReceived(serverReply("334 VXNlcm5hbWU6")).unredactedText) == bytes("alice"))
    }

    @Test func challengeBeforeStartIsCancelled() throws {
        var auth = try AuthExchange(mechanism: .plain, credentials: password)
        #expect(auth.challengeReceived(serverReply("334 ")).unredactedText == "*")
    }
}
