import Testing

@testable import SMTPCheck

/// The `_mta-sts` TXT record (RFC 8461 §3.1).
@Suite("MTA-STS record")
struct MTASTSRecordTests {
    @Test func theOneSTSRecordAmongOthers() throws {
        let record = try MTASTSRecord(selectingFrom: ["v=spf1 -all", "v=STSv1; id=20240101T0000", "other"])
        #expect(record.id == "20240101T0000")
        #expect(try MTASTSRecord(selectingFrom: ["v=STSv1 ;\tid=abc ; "]).id == "abc")
        #expect(try MTASTSRecord(selectingFrom: ["v=STSv1; id=abc; ext_1.x=yes"]).id == "abc")
    }

    @Test func noneOrSeveralRecordsMeanNoPolicy() {
        #expect(throws: TXTRecordProblem.noRecord) { try MTASTSRecord(selectingFrom: []) }
        #expect(throws: TXTRecordProblem.noRecord) { try MTASTSRecord(selectingFrom: ["v=STSv10; id=1", "v=stsv1; id=1"]) }
        #expect(throws: TXTRecordProblem.severalRecords(2)) {
            try MTASTSRecord(selectingFrom: ["v=STSv1; id=1", "v=STSv1; id=2"])
        }
    }

    @Test func whatIsWrongIsNamed() {
        #expect(throws: TXTRecordProblem.missingField("id")) { try MTASTSRecord(selectingFrom: ["v=STSv1;"]) }
        #expect(throws: TXTRecordProblem.invalidValue(field: "id", value: String(repeating: "a", count: 33))) {
            try MTASTSRecord(selectingFrom: ["v=STSv1; id=" + String(repeating: "a", count: 33)])
        }
        #expect(throws: TXTRecordProblem.invalidValue(field: "id", value: "a-b")) { try MTASTSRecord(selectingFrom: ["v=STSv1; id=a-b"]) }
        #expect(throws: TXTRecordProblem.invalidValue(field: "id", value: "")) { try MTASTSRecord(selectingFrom: ["v=STSv1; id="]) }
        #expect(throws: TXTRecordProblem.duplicateField("id")) { try MTASTSRecord(selectingFrom: ["v=STSv1; id=1; id=2"]) }
        #expect(throws: TXTRecordProblem.malformedField("id")) { try MTASTSRecord(selectingFrom: ["v=STSv1; id"]) }
        #expect(throws: TXTRecordProblem.malformedField("")) { try MTASTSRecord(selectingFrom: ["v=STSv1;; id=1"]) }
        #expect(throws: TXTRecordProblem.malformedField("x=a b")) { try MTASTSRecord(selectingFrom: ["v=STSv1; id=1; x=a b"]) }
        #expect(TXTRecordProblem.severalRecords(2).description.contains("exactly one"))
    }
}

/// The policy file (RFC 8461 §3.2) and MX matching (§4.1).
@Suite("MTA-STS policy")
struct MTASTSPolicyTests {
    static let enforce = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n"

    @Test func aPolicyWithCRLFOrLF() throws {
        let policy = try MTASTSPolicy(parsing: Self.enforce)
        #expect(policy.mode == .enforce)
        #expect(policy.mx.map(\.text) == ["mail.example.com", "*.example.net"])
        #expect(policy.maxAge == 604_800)
        let lf = try MTASTSPolicy(parsing: "mode: testing\nversion: STSv1\nunknown: ignored\nmx: a.example\nmax_age: 0")
        #expect(lf.mode == .testing && lf.maxAge == 0 && lf.mx.count == 1)
        #expect(try MTASTSPolicy(parsing: "version: STSv1\nmode: none\nmax_age: 31557600\n").mx.isEmpty)
    }

    @Test func eachProblemWithItsLine() {
        func problem(_ text: String) -> MTASTSPolicyError? {
            do { _ = try MTASTSPolicy(parsing: text) } catch { return error }
            return nil
        }
        let base = "version: STSv1\nmode: enforce\nmx: a.example\n"
        #expect(problem("mode: enforce\nmx: a.example\nmax_age: 1\n") == .init(line: nil, problem: .missingField("version")))
        #expect(problem("version: STSv2\n") == .init(line: 1, problem: .invalidVersion("STSv2")))
        #expect(problem("version: STSv1\nmode: Enforce\n") == .init(line: 2, problem: .invalidMode("Enforce")))
        #expect(problem("version: STSv1\nmode: testing\nmax_age: 5\n") == .init(line: nil, problem: .noMX(.testing)))
        #expect(problem(base + "max_age: 31557601\n") == .init(line: 4, problem: .invalidMaxAge("31557601")))
        #expect(problem(base + "max_age: -1\n") == .init(line: 4, problem: .invalidMaxAge("-1")))
        #expect(problem(base + "max_age: +1\n") == .init(line: 4, problem: .invalidMaxAge("+1")))
        #expect(problem(base + "max_age: 00000000001\n") == .init(line: 4, problem: .invalidMaxAge("00000000001")))
        #expect(problem(base) == .init(line: nil, problem: .missingField("max_age")))
        #expect(problem(base + "mode: testing\n") == .init(line: 4, problem: .duplicateField("mode")))
        #expect(problem(base + "mx: a..b\n") == .init(line: 4, problem: .invalidMX("a..b")))
        #expect(problem(base + "just words\n") == .init(line: 4, problem: .malformedLine("just words")))
        #expect(problem(base + "max_age: x\r\n")?.description == "line 4: max_age \"x\" is not a number of seconds from 0 to 31557600")
    }

    @Test func mxPatterns() throws {
        let exact = try #require(MXPattern("Mail.Example.com."))
        #expect(exact.matches("mail.example.com") && exact.matches("MAIL.EXAMPLE.COM.") && !exact.matches("x.mail.example.com"))
        let wildcard = try #require(MXPattern("*.example.com"))
        #expect(wildcard.matches("mx1.example.com") && wildcard.matches("MX1.Example.Com."))
        #expect(!wildcard.matches("a.b.example.com") && !wildcard.matches("example.com") && !wildcard.matches(".example.com"))
        #expect(!wildcard.matches("mx1.example.com.evil"))
        #expect(MXPattern("*") == nil && MXPattern("a.*.com") == nil && MXPattern("") == nil && MXPattern("a b") == nil)
    }
}
