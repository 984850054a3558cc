import Crypto
import Foundation
import SMTPCore
import Testing

@testable import SMTPServer

/// AUTH (PLAIN, LOGIN, CRAM-MD5) and STARTTLS in the session machine.
@Suite struct SessionAuthTests {
    private static func plainDriver() -> SessionDriver {
        var driver = SessionDriver { $0.allowPlainAuth = true }
        driver.command("EHLO c.example")
        return driver
    }

    @Test func authIsRefusedInPlaintextByDefault() {
        var driver = SessionDriver()
        driver.command("EHLO c.example")
        #expect(
            driver.command("AUTH PLAIN " + Base64.encode("\0learner\0practice")) == [
                "538 5.7.11 Encryption required for authentication: send STARTTLS first"
            ])
    }

    @Test func plainWithAnInitialResponse() {
        var driver = Self.plainDriver()
        #expect(driver.session.extensions.contains("AUTH PLAIN LOGIN CRAM-MD5"))
        #expect(driver.command("AUTH PLAIN " + Base64.encode("\0learner\0wrong")) == ["535 5.7.8 Authentication credentials invalid"])
        #expect(
            driver.command("AUTH PLAIN " + Base64.encode("\0learner\0practice")) == ["235 2.7.0 Authentication successful, welcome learner"]
        )
        #expect(driver.command("AUTH PLAIN x") == ["503 5.5.1 Already authenticated"])
    }

    @Test func plainWithAnEmptyChallenge() {
        var driver = Self.plainDriver()
        #expect(driver.command("AUTH PLAIN") == ["334 "])
        #expect(driver.command(Base64.encode("learner\0learner\0practice")) == ["235 2.7.0 Authentication successful, welcome learner"])
    }

    @Test func loginAsksForUserAndPassword() {
        var driver = Self.plainDriver()
        #expect(driver.command("AUTH LOGIN") == ["334 VXNlcm5hbWU6"])
        #expect(driver.command(Base64.encode("learner")) == ["334 UGFzc3dvcmQ6"])
        #expect(driver.command(Base64.encode("practice")) == ["235 2.7.0 Authentication successful, welcome learner"])
        #expect(driver.session.authenticatedUser == "learner")
    }

    @Test func cramMD5ChecksTheKeyedDigest() {
        var driver = Self.plainDriver()
        let reply = driver.command("AUTH CRAM-MD5")
        #expect(reply == ["334 " + Base64.encode("<12345.67890@localhost>")])
        let key = SymmetricKey(data: Array("practice".utf8))
        let mac = HMAC<Insecure.MD5>.authenticationCode(for: Array("<12345.67890@localhost>".utf8), using: key)
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        #expect(driver.command(Base64.encode("learner " + hex)) == ["235 2.7.0 Authentication successful, welcome learner"])
    }

    @Test func cancelledBadBase64AndUnknownMechanism() {
        var driver = Self.plainDriver()
        driver.command("AUTH LOGIN")
        #expect(driver.command("*") == ["501 5.0.0 Authentication cancelled"])
        driver.command("AUTH LOGIN")
        #expect(driver.command("not base64!").first?.hasPrefix("501 5.5.2 Cannot decode the answer") == true)
        #expect(driver.command("AUTH XOAUTH2") == ["504 5.5.4 Unrecognized authentication type; offered: PLAIN LOGIN CRAM-MD5"])
        #expect(driver.command("AUTH CRAM-MD5 abc") == ["501 5.5.4 CRAM-MD5 takes no initial response: the server speaks first"])
        driver.command("MAIL FROM:<a@x.org>")
        #expect(driver.command("AUTH PLAIN").first?.hasPrefix("503 5.5.1 AUTH is not allowed during a mail transaction") == true)
    }

    @Test func saslAnswersNeverReachTheLog() {
        var driver = Self.plainDriver()
        driver.command("AUTH PLAIN " + Base64.encode("\0learner\0practice"))
        let logged = driver.lastActions.compactMap { action -> String? in
            if case .event(.command(let text)) = action { return text }
            return nil
        }
        #expect(logged == ["AUTH PLAIN [initial response withheld]"])
        driver = Self.plainDriver()
        driver.command("AUTH LOGIN")
        driver.command(Base64.encode("learner"))
        #expect(driver.lastActions.contains(.event(.command("[SASL answer withheld, 12 characters]"))))
    }

    @Test func startTLSDropsPipelinedPlaintextAndForgetsTheGreeting() {
        var driver = SessionDriver()
        driver.command("EHLO c.example")
        #expect(driver.send("STARTTLS\r\nMAIL FROM:<injected@x.org>\r\n") == ["220 2.0.0 Ready to start TLS"])
        #expect(driver.lastActions.contains(.startTLS))
        #expect(driver.session.framer.bufferedCount == 0)
        _ = driver.session.tlsEstablished()
        #expect(driver.command("MAIL FROM:<a@x.org>") == ["503 5.5.1 Say EHLO (or HELO) before MAIL"])
        let ehlo = driver.command("EHLO c.example")
        #expect(!ehlo.contains("250-STARTTLS") && ehlo.contains("250-AUTH PLAIN LOGIN CRAM-MD5"))
        #expect(driver.command("STARTTLS") == ["503 5.5.1 TLS is already active"])
    }

    @Test func startTLSIsNotImplementedWithoutTLS() {
        var driver = SessionDriver { $0.tlsAvailable = false }
        #expect(!driver.command("EHLO c.example").contains("250-STARTTLS"))
        #expect(driver.command("STARTTLS") == ["502 5.5.1 STARTTLS is not offered here (no-tls scenario)"])
    }
}
