import Foundation
import TestSupport
import Testing

/// `--local-address`: the connection comes from the address given, as the test Postfix logs.
@Suite(.serialized) struct LocalAddressTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    @Test func postfixSeesTheConnectionComeFromTheLocalAddress() throws {
        let offset = env.postfixLogOffset()
        let result = try Binary.run(
            ["--local-address", "127.0.0.2", env.host, String(env.smtpPort)], input: "EHLO local-address.test\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(env.postfixLogShows("connect from unknown[127.0.0.2]", after: offset), "postfix.log shows no connection from 127.0.0.2")
    }

    @Test func anAddressThisHostDoesNotHaveIsNamedAsTheReason() throws {
        let result = try Binary.run(["--local-address", "192.0.2.1", env.host, String(env.smtpPort)])
        #expect(result.status == 69, "\(result.stdout) \(result.stderr)")
        #expect(
            (result.stdout + result.stderr).contains("cannot connect from --local-address 192.0.2.1:0: address not available on this host"),
            "\(result.stdout) \(result.stderr)")
        let malformed = try Binary.run(["--local-address", "mail.example.com", env.host])
        #expect(malformed.status == 64 && malformed.stderr.contains("is not an IPv4 or IPv6 address"))
        let otherFamily = try Binary.run(["--local-address", "[::1]:0", env.host, String(env.smtpPort)])
        #expect(otherFamily.stdout.contains("has no address of the family of --local-address ::1"), "\(otherFamily.stdout)")
    }
}
