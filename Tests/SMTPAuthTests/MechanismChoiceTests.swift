import SMTPAuth
import SMTPCore
import Testing

/// Which mechanism `/auth` picks from the EHLO reply, and what it says when none fits.
@Suite("Mechanism choice")
struct MechanismChoiceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let advertised: [String]
        let token: Bool
        let tls: Bool
        let expected: SASLMechanism
        let confirm: Bool
        var testDescription: String { "\(advertised) token:\(token) tls:\(tls)" }
    }

    static let rows: [Row] = [
        Row(advertised: ["PLAIN", "LOGIN", "CRAM-MD5"], token: false, tls: true, expected: .cramMD5, confirm: false),
        Row(advertised: ["PLAIN", "LOGIN", "CRAM-MD5"], token: false, tls: false, expected: .cramMD5, confirm: false),
        Row(advertised: ["LOGIN", "PLAIN"], token: false, tls: true, expected: .plain, confirm: false),
        Row(advertised: ["login", "plain"], token: false, tls: false, expected: .plain, confirm: true),
        Row(advertised: ["LOGIN"], token: false, tls: false, expected: .login, confirm: true),
        Row(
            advertised: ["GSSAPI", "LOGIN", "SCRAM-SHA-256"], token: false, tls: true, expected: .login, confirm: false),
        Row(
            advertised: ["XOAUTH2", "OAUTHBEARER", "PLAIN"], token: true, tls: true, expected: .oauthBearer,
            confirm: false),
        Row(
            advertised: ["XOAUTH2", "OAUTHBEARER", "PLAIN"], token: false, tls: true, expected: .plain, confirm: false),
        Row(advertised: ["PLAIN", "XOAUTH2"], token: true, tls: true, expected: .xoauth2, confirm: false),
        Row(advertised: ["XOAUTH2"], token: true, tls: false, expected: .xoauth2, confirm: true),
    ]

    @Test(arguments: rows)
    func picksTheStrongest(_ row: Row) throws {
        let choice = try MechanismChoice.choose(
            advertised: row.advertised, hasToken: row.token, isTLSActive: row.tls, startTLSOffered: false)
        #expect(choice.mechanism == row.expected)
        #expect(choice.needsConfirmationWithoutTLS == row.confirm)
    }

    @Test func explanationNamesTheChoiceAndTheRisk() throws {
        let chosen = try MechanismChoice.choose(
            advertised: ["LOGIN", "PLAIN"], hasToken: false, isTLSActive: false, startTLSOffered: true)
        #expect(
            chosen.explanation
                == "PLAIN: the strongest mechanism the server offers (LOGIN PLAIN) that smtpc supports. The connection "
                + "is not encrypted, so the password would cross it readable; the server offers STARTTLS: run it first."
        )
        let safe = try MechanismChoice.choose(
            advertised: ["CRAM-MD5"], hasToken: false, isTLSActive: false, startTLSOffered: false)
        #expect(
            safe.explanation == "CRAM-MD5: the strongest mechanism the server offers (CRAM-MD5) that smtpc supports.")
    }

    private func failure(
        _ advertised: [String], token: Bool = false, tls: Bool, startTLS: Bool
    ) -> MechanismChoiceError? {
        do {
            _ = try MechanismChoice.choose(
                advertised: advertised, hasToken: token, isTLSActive: tls, startTLSOffered: startTLS)
            return nil
        } catch {
            return error
        }
    }

    @Test func explainsWhyNothingFits() {
        let afterTLS = failure([], tls: false, startTLS: true)
        #expect(afterTLS?.reason == .authOnlyAfterSTARTTLS)
        #expect(
            afterTLS?.description == "The server advertised no AUTH, but it offers STARTTLS: AUTH is offered only "
                + "after STARTTLS (a typical Postfix set-up) — run STARTTLS first.")
        let none =
            "The server advertised no AUTH in its EHLO reply, so it does not accept authentication on this connection."
        #expect(failure([], tls: true, startTLS: true)?.description == none)
        #expect(failure([], tls: false, startTLS: false)?.reason == .noAuthAdvertised)
        #expect(
            failure(["PLAIN", "LOGIN"], token: true, tls: true, startTLS: false)?.description
                == "A token was given, but the server offers neither OAUTHBEARER nor XOAUTH2 (it offers: PLAIN LOGIN).")
        #expect(
            failure(["XOAUTH2"], tls: true, startTLS: false)?.description
                == "The server offers only token mechanisms (XOAUTH2): authenticate with an OAuth 2.0 bearer token.")
        #expect(
            failure(["GSSAPI", "NTLM", "gssapi"], tls: true, startTLS: false)?.description
                == "The server offers GSSAPI NTLM, none of which smtpc supports (it knows PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER)."
        )
    }

    @Test func requestedMechanismIsChecked() throws {
        #expect(throws: MechanismChoiceError.self) {
            try MechanismChoice.check(
                requested: .cramMD5, advertised: ["PLAIN"], isTLSActive: true, startTLSOffered: false)
        }
        do {
            _ = try MechanismChoice.check(
                requested: .cramMD5, advertised: ["PLAIN"], isTLSActive: true, startTLSOffered: false)
        } catch {
            #expect(error.reason == .notAdvertised)
            #expect(error.description == "The server does not offer CRAM-MD5 (it offers: PLAIN).")
        }
        let asked = try MechanismChoice.check(
            requested: .login, advertised: ["plain", "login"], isTLSActive: false, startTLSOffered: false)
        #expect(asked.mechanism == .login)
        #expect(asked.needsConfirmationWithoutTLS)
    }

    /// Postfix with `smtpd_tls_auth_only = yes`: no AUTH before STARTTLS, AUTH after it.
    @Test func postfixBeforeAndAfterSTARTTLS() throws {
        let before = Capabilities(
            ehloReply: serverReply(
                "250-mail.example.org\n250-PIPELINING\n250-SIZE 10240000\n250-STARTTLS\n250 CHUNKING"))
        #expect(throws: MechanismChoiceError.self) {
            try MechanismChoice.choose(capabilities: before, hasToken: false, isTLSActive: false)
        }
        do {
            _ = try MechanismChoice.choose(capabilities: before, hasToken: false, isTLSActive: false)
        } catch {
            #expect(error.reason == .authOnlyAfterSTARTTLS)
        }
        let after = Capabilities(
            ehloReply: serverReply(
                "250-mail.example.org\n250-PIPELINING\n250-AUTH PLAIN LOGIN\n250-AUTH=PLAIN LOGIN\n250 CHUNKING"))
        let choice = try MechanismChoice.choose(capabilities: after, hasToken: false, isTLSActive: true)
        #expect(choice.mechanism == .plain)
        #expect(!choice.needsConfirmationWithoutTLS)
    }
}
