import Testing

@testable import SMTPCore

/// TAB completion: verbs, parameters, mechanisms, addresses, meta-commands.
@Suite struct CompletionTests {
    private let ready = SessionMachineTests.ready()

    @Test func aUniqueVerbIsCompletedWithItsArgumentShape() {
        let mail = ready.completions(for: "ma")
        #expect(mail.word == "ma" && mail.candidates == ["MAIL FROM:<"] && mail.replacement == "MAIL FROM:<")
        #expect(ready.completions(for: "MAIL F").replacement == "MAIL FROM:<")
        #expect(ready.completions(for: "eh").replacement == "EHLO ")
        #expect(ready.completions(for: "STA").replacement == "STARTTLS")
        #expect(ready.completions(for: "Q").replacement == "QUIT")
    }

    @Test func severalVerbsAreListedValidOnesFirst() {
        let greeted = {
            var session = SessionMachine()
            _ = session.replyReceived(code: 220)
            return session
        }()
        #expect(greeted.completions(for: "").candidates.prefix(2) == ["EHLO", "HELO"])
        #expect(greeted.completions(for: "").candidates.count == 15)

        var open = ready
        open.lineSent("MAIL FROM:<a@x>")
        _ = open.replyReceived(code: 250)
        let r = open.completions(for: "r")
        #expect(r.candidates == ["RCPT TO:<", "RSET"])
        #expect(r.replacement == nil, "R is no longer than r")
        #expect(open.completions(for: "").candidates.first == "RCPT TO:<")
        #expect(ready.completions(for: "e").candidates == ["EHLO", "EXPN"])
        #expect(ready.completions(for: "xyz") == CompletionSuggestion(word: "xyz", candidates: []))
    }

    @Test func advertisedParametersAfterTheAddress() {
        let mail = ready.completions(for: "MAIL FROM:<a@x> ")
        #expect(mail.word == "")
        #expect(mail.candidates == ["SIZE=", "BODY=8BITMIME", "SMTPUTF8", "RET=FULL", "RET=HDRS", "ENVID="])
        #expect(ready.completions(for: "MAIL FROM:<a@x> si").replacement == "SIZE=")
        #expect(ready.completions(for: "MAIL FROM:<a@x> SIZE=10 ").candidates.contains("SIZE=") == false)
        let ret = ready.completions(for: "MAIL FROM:<a@x> RET=")
        #expect(ret.word == "RET=" && ret.candidates == ["RET=FULL", "RET=HDRS"] && ret.replacement == nil)
        let rcpt = ready.completions(for: "RCPT TO:<b@y> ")
        #expect(
            rcpt.candidates == [
                "NOTIFY=SUCCESS,FAILURE", "NOTIFY=SUCCESS,FAILURE,DELAY", "NOTIFY=FAILURE,DELAY", "NOTIFY=SUCCESS",
                "NOTIFY=FAILURE", "NOTIFY=DELAY", "NOTIFY=NEVER", "ORCPT=rfc822;",
            ])
        #expect(
            ready.completions(for: "RCPT TO:<b@y> NOTIFY=S").candidates == [
                "NOTIFY=SUCCESS,FAILURE", "NOTIFY=SUCCESS,FAILURE,DELAY", "NOTIFY=SUCCESS",
            ])
        #expect(ready.completions(for: "RCPT TO:<b@y> NOTIFY=S").replacement == "NOTIFY=SUCCESS")
        #expect(ready.completions(for: "RCPT TO:<b@y> notify=n").replacement == "NOTIFY=NEVER")
        #expect(ready.completions(for: "RCPT TO:<b@y> o").replacement == "ORCPT=rfc822;")
        #expect(ready.completions(for: "RCPT TO:<b@y> NOTIFY=NEVER ").candidates == ["ORCPT=rfc822;"])
    }

    /// DSN, SMTPUTF8 and REQUIRETLS (RFC 3461, 6531, 8689) after the address, when advertised.
    @Test func envelopeExtensionsAfterTheAddress() {
        let session = SessionMachineTests.afterEHLO(
            ["SIZE": ["1000"], "8BITMIME": [], "SMTPUTF8": [], "DSN": [], "REQUIRETLS": []])
        #expect(
            session.completions(for: "MAIL FROM:<a@x> ").candidates == [
                "SIZE=", "BODY=8BITMIME", "SMTPUTF8", "RET=FULL", "RET=HDRS", "ENVID=", "REQUIRETLS",
            ])
        #expect(session.completions(for: "MAIL FROM:<a@x> SMTPUTF8 R").candidates == ["RET=FULL", "RET=HDRS", "REQUIRETLS"])
        #expect(session.completions(for: "MAIL FROM:<a@x> REQ").replacement == "REQUIRETLS")
        let noDSN = SessionMachineTests.afterEHLO(["SMTPUTF8": []])
        #expect(noDSN.completions(for: "MAIL FROM:<a@x> ").candidates == ["SMTPUTF8"])
        #expect(noDSN.completions(for: "RCPT TO:<b@y> ").candidates == [])
    }

    @Test func onlyWhatWasAdvertisedIsOffered() {
        var session = SessionMachine()
        _ = session.replyReceived(code: 220)
        session.lineSent("EHLO c")
        _ = session.replyReceived(code: 250)
        #expect(session.completions(for: "MAIL FROM:<a@x> ").candidates == [], "capabilities not known yet")
        session.capabilitiesReceived(
            ["8BITMIME": [], "BINARYMIME": [], "CHUNKING": [], "AUTH": ["PLAIN", "LOGIN", "CRAM-MD5"]] as ExtensionKeywords)
        #expect(session.completions(for: "MAIL FROM:<a@x> ").candidates == ["BODY=8BITMIME", "BODY=BINARYMIME", "AUTH="])
        #expect(session.completions(for: "MAIL FROM:<a@x> BODY=").candidates == ["BODY=7BIT", "BODY=8BITMIME", "BODY=BINARYMIME"])
        #expect(session.completions(for: "RCPT TO:<b@y> ").candidates == [])
    }

    @Test func authMechanismsAfterAUTH() {
        let session = SessionMachineTests.afterEHLO(["AUTH": ["PLAIN", "LOGIN", "CRAM-MD5"]])
        let all = session.completions(for: "AUTH ")
        #expect(all.word == "" && all.candidates == ["PLAIN", "LOGIN", "CRAM-MD5"])
        #expect(session.completions(for: "auth cr").replacement == "CRAM-MD5")
        #expect(session.completions(for: "AUTH PLAIN ").candidates == [])
        #expect(session.completions(for: "/auth l").replacement == "LOGIN")
    }

    @Test func addressesUsedEarlierInsideTheBrackets() {
        var session = ready
        session.lineSent("MAIL FROM:<alice@example.org>")
        session.lineSent("RCPT TO:<bob@example.org>")
        session.lineSent("RCPT TO:<bert@example.org>")
        let b = session.completions(for: "RCPT TO:<b")
        #expect(b.word == "b" && b.candidates == ["bert@example.org", "bob@example.org"] && b.replacement == nil)
        #expect(session.completions(for: "RCPT TO:<bo").replacement == "bob@example.org>")
        #expect(session.completions(for: "rcpt to:<").candidates.first == "bert@example.org", "most recent first")
        #expect(session.completions(for: "MAIL FROM:a").candidates == ["<alice@example.org>"])
        #expect(session.completions(for: "VRFY al").replacement == "alice@example.org")
        let extra = session.completions(for: "RCPT TO:<c", extraAddresses: ["carol@example.net"])
        #expect(extra.replacement == "carol@example.net>")
    }

    @Test func metaCommandsAfterASlash() {
        let metas = ["help", "quit", "/explain", "state", "starttls", "raw"]
        let s = ready.completions(for: "/st", metaCommands: metas)
        #expect(s.word == "/st" && s.candidates == ["/state", "/starttls"] && s.replacement == "/sta")
        #expect(ready.completions(for: "/ex", metaCommands: metas).replacement == "/explain")
        #expect(ready.completions(for: "/help st", metaCommands: metas).candidates == ["state", "starttls", "STARTTLS"])
        #expect(ready.completions(for: "/raw x", metaCommands: metas).candidates == [])
    }

    @Test func nothingInTheBodyOrInAChallengeAnswer() {
        var session = ready
        session.lineSent("AUTH LOGIN")
        _ = session.replyReceived(code: 334)
        #expect(session.completions(for: "MA") == .none)
    }

    @Test func otherArguments() {
        #expect(ready.completions(for: "BDAT 100 L").replacement == "LAST")
        #expect(ready.completions(for: "HELP rc").replacement == "RCPT")
        #expect(ready.completions(for: "EHLO x").candidates == [])
    }

    @Test func longestCommonPrefixIgnoresASCIICase() {
        #expect(CompletionSuggestion.longestCommonPrefix([]) == "")
        #expect(CompletionSuggestion.longestCommonPrefix(["RCPT TO:<"]) == "RCPT TO:<")
        #expect(CompletionSuggestion.longestCommonPrefix(["/state", "/starttls"]) == "/sta")
        #expect(CompletionSuggestion.longestCommonPrefix(["NOTIFY=SUCCESS", "notify=never"]) == "NOTIFY=")
        #expect(CompletionSuggestion.longestCommonPrefix(["bob@x", "carol@x"]) == "")
        #expect(CompletionSuggestion.longestCommonPrefix(["jörg@a", "jörn@a"]) == "jör")
    }
}
