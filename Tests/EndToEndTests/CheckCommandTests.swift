import Foundation
import TestSupport
import Testing

/// `smtpc check` as a user runs it: the table, the exit statuses, and `--json` against its schema.
@Suite("smtpc check from the command line (needs scripts/testenv)")
struct CheckCommandTests {
    private let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func check(_ key: String, _ options: [String] = []) throws -> Binary.Result {
        let domain = try #require(env.values[key], "\(key) is not in the test env: restart scripts/testenv/start")
        let resolver = "\(env.host):\(env.port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555))"
        return try Binary.run(
            ["check", "--dns-server", resolver, "--port", String(env.smtpPort), "--color", "never"] + options + [domain],
            timeout: 60)
    }

    @Test("a DANE-EE domain passes: 0, the table shows the match and the verdict PASS")
    func passes() throws {
        let result = try check("SMTPC_TEST_CHECK_DANE_EE_DOMAIN")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("3 1 1 at depth 0"))
        #expect(result.stdout.contains("PASS dane-ee."))
        #expect(result.stdout.contains("TLSv1.3 TLS_"), "the version and cipher of each session")
        #expect(result.stdout.contains("names mx.smtpc.test"), "the chain with its names")
        #expect(!result.stdout.contains("\u{1B}["), "no colour with --color never")
    }

    @Test("a TLSA mismatch fails with 2 and names tlsa-invalid with what to fix")
    func policyFailure() throws {
        let result = try check("SMTPC_TEST_CHECK_DANE_MISMATCH_DOMAIN")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("FAIL tlsa-invalid"))
        #expect(result.stdout.contains("fix: publish TLSA records that match"))
    }

    @Test("an unknown domain ends with 68, a bad port with 64")
    func usageAndDNSStatuses() throws {
        let resolver = "\(env.host):\(env.port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555))"
        let unknown = try Binary.run(["check", "--dns-server", resolver, "no-such-domain.check.test"], timeout: 30)
        #expect(unknown.status == 68, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("NXDOMAIN") || unknown.stderr.contains("does not exist"), "\(unknown.stderr)")
        let badPort = try Binary.run(["check", "--port", "0", "example.com"], timeout: 30)
        #expect(badPort.status == 64)
    }

    @Test("--json of a bogus zone is one object that its schema accepts, with the dnssec-invalid findings")
    func jsonMatchesSchema() throws {
        let result = try check("SMTPC_TEST_CHECK_BOGUS_DOMAIN", ["--json"])
        #expect(result.status == 2, "\(result.stderr)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).json").path
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schema = Binary.packageRoot.appendingPathComponent("docs/check-result.schema.json").path
        let validate = try Binary.run(
            executable: "/usr/bin/python3",
            [
                "-c",
                "import json,sys,jsonschema; jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))"
                    + ".validate(json.load(open(sys.argv[2]))); print('valid')",
                schema, path,
            ])
        #expect(validate.stdout.contains("valid"), "\(validate.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        #expect((object["mx"] as? [String: Any])?["dnssec"] as? String == "bogus")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["type"] as? String == "dnssec-invalid" }.count == 3)
    }

    @Test("-o writes a page with one timing bar per session of the six-address domain, as Python's HTML parser reads it")
    func pageWithTimingBars() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).html").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try check("SMTPC_TEST_CHECK_MULTI_DOMAIN", ["--cafile", env.caFile, "-o", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let script = """
            import sys
            from html.parser import HTMLParser
            class Bars(HTMLParser):
                bars, parts, title = 0, 0, ""
                def handle_starttag(self, tag, attrs):
                    classes = (dict(attrs).get("class") or "").split()
                    self.bars += "bar" in classes
                    self.parts += "part" in classes
            p = Bars()
            p.feed(open(sys.argv[1], encoding="utf-8").read())
            print(p.bars, p.parts)
            """
        let parsed = try Binary.run(executable: "/usr/bin/python3", ["-c", script, path])
        let counts = parsed.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.first == 6, "\(parsed.stdout)\(parsed.stderr)")
        #expect(counts.last.map { $0 >= 6 * 5 } == true, "each session has its phases: \(parsed.stdout)")
    }

    @Test("-o to a directory that does not exist ends with 73 after the report")
    func pageCannotBeWritten() throws {
        let result = try check("SMTPC_TEST_CHECK_NOMX_DOMAIN", ["-o", "/nonexistent/dir/report.html"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write /nonexistent/dir/report.html"))
        #expect(result.stdout.contains("nomx.check.test"), "the table was printed first")
    }

    @Test("on a terminal a progress line is kept on standard error while sessions are pending, then cleared")
    func progressLine() throws {
        let domain = try #require(env.values["SMTPC_TEST_CHECK_MULTI_DOMAIN"])
        let resolver = "\(env.host):\(env.port("SMTPC_TEST_CHECK_RESOLVER_PORT", default: 2555))"
        let terminal = try PseudoTerminal(
            executable: Binary.path,
            arguments: ["check", "--dns-server", resolver, "--port", String(env.smtpPort), "--cafile", env.caFile, domain],
            columns: 200, rows: 60)
        #expect(terminal.waitForExit(timeout: 30) == 0, "\(terminal.screenText)")
        #expect(terminal.rawOutput.contains("checking: 0 of 6 sessions done"))
        #expect(terminal.rawOutput.contains("checking: 6 of 6 sessions done\r\u{1B}[K"), "cleared before the report")
        #expect(terminal.screenText.contains("PASS \(domain)"))
    }
}
