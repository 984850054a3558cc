import SMTPAuth
import SMTPCore
import Testing

/// The published examples of each mechanism, checked through the exchange's real output.
@Suite("RFC and vendor test vectors")
struct RFCVectorTests {
    /// RFC 4616 §4, first example: no authzid, authcid "tim", password "tanstaaftanstaaf".
    @Test func plainWithoutAuthorizationIdentity() throws {
        var auth = try AuthExchange(
            mechanism: .plain, credentials: SASLCredentials(username: "tim", password: Secret("tanstaaftanstaaf")))
        let line = auth.start()
        #expect(line.unredactedText == "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm")
        #expect(base64Bytes(initialResponse(of: line) ?? "") == [0] + bytes("tim") + [0] + bytes("tanstaaftanstaaf"))
    }

    /// A password given as bytes (from a file, maybe not UTF-8) is sent byte for byte.
    @Test func plainWithPasswordBytes() throws {
        let credentials = SASLCredentials(username: "tim", password: Secret(bytes: [0xE9, 0x74, 0xE9]))
        var auth = try AuthExchange(mechanism: .plain, credentials: credentials)
        #expect(base64Bytes(initialResponse(of: auth.start()) ?? "") == [0] + bytes("tim") + [0, 0xE9, 0x74, 0xE9])
    }

    /// RFC 4616 §4, second example: authzid "Ursel", authcid "Kurt", password "xipj3plmq".
    @Test func plainWithAuthorizationIdentity() throws {
        let credentials = SASLCredentials(
            username: "Kurt", password: Secret("xipj3plmq"), authorizationIdentity: "Ursel")
        var auth = try AuthExchange(mechanism: .plain, credentials: credentials)
        let line = auth.start()
        #expect(
            base64Bytes(initialResponse(of: line) ?? "") == bytes("Ursel") + [0] + bytes("Kurt") + [0]
                + bytes("xipj3plmq"))
    }

    /// RFC 2195 §2: the challenge, user and secret of the RFC's example and its response.
    @Test func cramMD5() throws {
        var auth = try AuthExchange(
            mechanism: .cramMD5, credentials: SASLCredentials(username: "tim", password: Secret("tanstaaftanstaaf")))
        #expect(auth.start().unredactedText == "AUTH CRAM-MD5")
        let reply = serverReply("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
        #expect(SASLChallenge(reply: reply).displayText == "<1896.697170952@postoffice.reston.mci.net>")
        let answer = auth.challengeReceived(reply)
        #expect(answer.unredactedText == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
        #expect(base64Bytes(answer.unredactedText) == bytes("tim b913a602c7eda7a495b4e6e7334d3890"))
    }

    /// RFC 7628 §4.1: the initial client response of the successful exchange.
    @Test func oauthBearer() throws {
        let credentials = SASLCredentials(
            username: "user@example.com", bearerToken: Secret("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="))
        var auth = try AuthExchange(
            mechanism: .oauthBearer, credentials: credentials, host: "server.example.com", port: 143)
        let line = auth.start()
        #expect(
            line.unredactedText
                == "AUTH OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9"
                + "MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB")
    }

    /// OAUTHBEARER without host and port, and a name holding the GS2 specials `,` and `=`
    /// (RFC 5801 §4: `=2C`, `=3D`).
    @Test func oauthBearerEscapesTheName() throws {
        var auth = try AuthExchange(
            mechanism: .oauthBearer, credentials: SASLCredentials(username: "a,b=c", bearerToken: Secret("t")))
        let message = base64Bytes(initialResponse(of: auth.start()) ?? "")
        #expect(message == bytes("n,a=a=2Cb=3Dc,\u{01}auth=Bearer t\u{01}\u{01}"))
    }

    /// Google's XOAUTH2 documentation example (user someuser@example.com).
    @Test func xoauth2() throws {
        let credentials = SASLCredentials(
            username: "someuser@example.com", bearerToken: Secret("ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"))
        var auth = try AuthExchange(mechanism: .xoauth2, credentials: credentials)
        let response = initialResponse(of: auth.start())
        #expect(
            response == "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhk"
                + "SFJoZG1semRHRXVZMjl0Q2cBAQ==")
    }
}
