import Testing

@testable import SMTPCore

/// XCLIENT and XFORWARD: completion of the attributes a server lists, and warnings (never
/// refusals) about their syntax.
@Suite struct ForwardedClientTests {
    /// Postfix 3.7 to a client in smtpd_authorized_xclient_hosts and ..._xforward_hosts.
    static let trusted: ExtensionKeywords = [
        "PIPELINING": [], "XCLIENT": ["NAME", "ADDR", "PROTO", "HELO", "REVERSE_NAME", "PORT", "LOGIN", "DESTADDR", "DESTPORT"],
        "XFORWARD": ["NAME", "ADDR", "PROTO", "HELO", "SOURCE", "PORT", "IDENT"],
    ]
    private let session = SessionMachineTests.afterEHLO(trusted)

    @Test func theVerbsAreOfferedOnlyWhenAdvertised() {
        #expect(session.completions(for: "XC").replacement == "XCLIENT ")
        #expect(session.completions(for: "xf").replacement == "XFORWARD ")
        #expect(SessionMachineTests.ready().completions(for: "XC").candidates.isEmpty)
    }

    @Test func attributesComeFromTheServersListWithTheirEquals() {
        #expect(session.completions(for: "XCLIENT A").replacement == "ADDR=")
        #expect(session.completions(for: "XCLIENT D").candidates == ["DESTADDR", "DESTPORT"])
        #expect(session.completions(for: "XFORWARD S").replacement == "SOURCE=")
        // Already typed: not offered again; XFORWARD has no LOGIN.
        #expect(session.completions(for: "XCLIENT ADDR=192.0.2.1 NAME=x A").candidates.isEmpty)
        #expect(session.completions(for: "XFORWARD L").candidates.isEmpty)
    }

    @Test func valuesAreOfferedWhereThereAreFew() {
        #expect(session.completions(for: "XCLIENT PROTO=E").replacement == "PROTO=ESMTP")
        #expect(session.completions(for: "XFORWARD SOURCE=R").replacement == "SOURCE=REMOTE")
        #expect(session.completions(for: "XCLIENT NAME=[U").replacement == "NAME=[UNAVAILABLE]")
    }

    @Test(arguments: [
        ("XCLIENT ADDR=192.0.2.1 NAME=mail.example.org PORT=25 PROTO=ESMTP", nil as String?),
        ("XCLIENT ADDR=IPV6:2001:db8::1 HELO=client+20with+20blanks", nil),
        ("XFORWARD SOURCE=REMOTE IDENT=1A2B3C NAME=[UNAVAILABLE]", nil),
        ("XCLIENT", "XCLIENT needs at least one ATTRIBUTE=VALUE."),
        ("XCLIENT ADDR", "XCLIENT: ADDR needs a value (ADDR=VALUE)."),
        ("XCLIENT ADDR=999.1.1.1", "XCLIENT: ADDR=999.1.1.1 is not an IPv4 address or IPV6:address."),
        ("XCLIENT ADDR=2001:db8::1", "XCLIENT: ADDR=2001:db8::1 needs IPV6: before an IPv6 address."),
        ("XCLIENT PORT=70000", "XCLIENT: PORT=70000 is not a port (0 to 65535)."),
        ("XCLIENT PROTO=LMTP", "XCLIENT: PROTO=LMTP is neither SMTP nor ESMTP."),
        ("XFORWARD SOURCE=ELSEWHERE", "XFORWARD: SOURCE=ELSEWHERE is neither LOCAL nor REMOTE."),
        ("XCLIENT NAME=bad_name.example", "XCLIENT: NAME=bad_name.example is not a host name."),
        ("XCLIENT HELO=a+2", "XCLIENT: HELO=a+2 has a + not followed by two upper-case hex digits (xtext, RFC 3461)."),
        ("XCLIENT LOGIN=a=b", "XCLIENT: LOGIN=a=b has a character that must be written as +HH (xtext, RFC 3461)."),
        ("XFORWARD LOGIN=alice", "XFORWARD: the server did not list LOGIN (it takes NAME ADDR PROTO HELO SOURCE PORT IDENT)."),
    ])
    func syntaxIsCheckedToWarnOnly(line: String, warning: String?) {
        let warnings = session.warnings(for: line)
        if let warning {
            #expect(warnings == [warning], "\(line)")
        } else {
            #expect(warnings.isEmpty, "\(line): \(warnings)")
        }
    }

    @Test func aServerThatDidNotAdvertiseItIsNamed() {
        let warnings = SessionMachineTests.ready().warnings(for: "XCLIENT ADDR=192.0.2.1")
        #expect(warnings.count == 1 && warnings[0].hasPrefix("The server did not advertise XCLIENT; Postfix offers it only to clients in"))
        // Before any EHLO, only the syntax is judged.
        var greeted = SessionMachine()
        _ = greeted.replyReceived(code: 220)
        #expect(greeted.warnings(for: "XCLIENT PORT=x") == ["XCLIENT: PORT=x is not a port (0 to 65535)."])
    }

    @Test func after220ToXCLIENTTheSessionStartsOver() {
        var session = SessionMachineTests.afterEHLO(Self.trusted)
        session.lineSent("XCLIENT ADDR=192.0.2.1")
        _ = session.replyReceived(code: 220)
        #expect(session.hello == nil && session.extensions == nil, "EHLO must be sent again")
        #expect(session.warnings(for: "MAIL FROM:<a@b.example>").contains { $0.hasPrefix("MAIL before HELO/EHLO") })
        // A refused XCLIENT changes nothing; XFORWARD never restarts the session.
        var refused = SessionMachineTests.afterEHLO(Self.trusted)
        refused.lineSent("XCLIENT ADDR=192.0.2.1")
        _ = refused.replyReceived(code: 550)
        refused.lineSent("XFORWARD ADDR=192.0.2.1")
        _ = refused.replyReceived(code: 250)
        #expect(refused.hello == .ehlo && refused.extensions != nil)
    }
}
