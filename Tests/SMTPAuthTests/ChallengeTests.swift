import SMTPAuth
import SMTPCore
import Testing

/// 334 challenges decoded for display.
@Suite("Challenge decoding")
struct ChallengeTests {
    @Test func decodesTheLoginPrompts() {
        #expect(SASLChallenge(reply: serverReply("334 VXNlcm5hbWU6")).displayText == "Username:")
        #expect(SASLChallenge(text: "UGFzc3dvcmQ6").bytes == bytes("Password:"))
    }

    @Test func emptyAndUnpadded() {
        let empty = SASLChallenge(reply: serverReply("334"))
        #expect(empty.isEmpty)
        #expect(empty.displayText == "(empty)")
        #expect(SASLChallenge(text: " Zm8 ").displayText == "fo")
    }

    @Test func invalidBase64IsSaidSo() {
        let challenge = SASLChallenge(reply: serverReply("334 Username:"))
        #expect(challenge.bytes == nil)
        #expect(challenge.displayText == "not valid base64: Not base64: ':' at position 9.")
        #expect(challenge.encoded == "Username:")
    }

    /// A decoded challenge is server data: control characters are shown, not obeyed.
    @Test func controlCharactersAreEscaped() {
        let challenge = SASLChallenge(text: Base64.encode([0x1B] + bytes("[2Jhi")))
        #expect(challenge.displayText == "\\x1b[2Jhi")
    }
}
