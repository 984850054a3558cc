import Foundation
import TestSupport
import Testing

/// `--tls-min`/`--tls-max`, `--tls-ciphers`, `/tls save`, the group and resumption `/tls`
/// shows, and `--sni`/`--no-sni` apart from `--servername`: against the test Postfix, and
/// an `openssl s_server` that chooses its certificate by SNI.
@Suite(.serialized) struct TLSKnobTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    private func startTLS(_ options: [String], then lines: [String]) throws -> Binary.Result {
        try Binary.run(
            options + ["--cafile", env.caFile, "--servername", env.hostname, env.host, String(env.smtpPort)],
            input: (["EHLO knobs.test", "STARTTLS"] + lines + ["QUIT"]).joined(separator: "\n") + "\n")
    }

    @Test(arguments: [("1.2", "TLSv1.2"), ("1.3", "TLSv1.3")])
    func theHighestVersionOfferedIsNegotiated(maximum: String, shown: String) throws {
        let result = try startTLS(["--tls-max", maximum], then: ["/tls"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("--- TLS established: \(shown), "), "\(result.stdout)")
        #expect(result.stdout.contains("Protocol:     \(shown)\n"), "\(result.stdout)")
        // Postfix (OpenSSL 3.0) agrees on x25519 first in both versions; smtpc has no session to resume.
        #expect(result.stdout.contains("Group:        x25519\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Resumed:      no (a full handshake)\n"), "\(result.stdout)")
    }

    @Test func tlsMinAndMaxAreCheckedAndHonoured() throws {
        let result = try startTLS(["--tls-min", "1.3", "--tls-max", "1.3"], then: ["/tls"])
        #expect(result.stdout.contains("Protocol:     TLSv1.3"), "Postfix speaks 1.3: \(result.stdout)")
        let usage = try Binary.run(["--tls-min", "1.3", "--tls-max", "1.2", env.host])
        #expect(usage.status == 64 && usage.stderr.contains("--tls-min 1.3 is above --tls-max 1.2"), "\(usage.stderr)")
        let old = try Binary.run(["--tls-min", "1.0", env.host])
        #expect(old.status == 64 && old.stderr.contains("--tls-min must be 1.2 or 1.3, not '1.0'"), "\(old.stderr)")
    }

    @Test func theCipherListDecidesTheTLS12Suite() throws {
        let chosen = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
        let result = try startTLS(["--tls-max", "1.2", "--tls-ciphers", chosen], then: [])
        #expect(result.stdout.contains("--- TLS established: TLSv1.2, \(chosen), "), "\(result.stdout)")
        // The test certificate is ECDSA: an RSA-only list leaves nothing both sides share.
        let none = try startTLS(["--tls-max", "1.2", "--tls-ciphers", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"], then: [])
        #expect(none.stdout.contains("smtpc: TLS failed: the TLS handshake failed"), "\(none.stdout)")
        let unknown = try Binary.run(["--tls-ciphers", "ECDHE-RSA-AES128-SHA:BOGUS", env.host])
        #expect(unknown.status == 64 && unknown.stderr.contains("'ECDHE-RSA-AES128-SHA' is not a TLS 1.2 cipher suite BoringSSL knows"))
        let tls13 = try Binary.run(["--tls-ciphers", "TLS_AES_128_GCM_SHA256", env.host])
        #expect(tls13.status == 64 && tls13.stderr.contains("is a TLS 1.3 suite"))
    }

    @Test func savedChainPassesOpenSSLVerify() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-chain")
        let path = directory.appendingPathComponent("chain.pem").path
        let result = try startTLS([], then: ["/tls save \(path)", "/tls save \(directory.path)/missing/x.pem"])
        #expect(result.stdout.contains("saved 2 certificates (the server's first) to \(path) as PEM"), "\(result.stdout)")
        #expect(result.stdout.contains("/tls save: cannot write \(directory.path)/missing/x.pem: No such file or directory"))
        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        verify.arguments = ["openssl", "verify", "-CAfile", env.caFile, path]
        let output = Pipe()
        verify.standardOutput = output
        verify.standardError = output
        try verify.run()
        verify.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(verify.terminationStatus == 0 && said == "\(path): OK\n", "\(said)")
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        #expect(pem.components(separatedBy: "-----BEGIN CERTIFICATE-----").count == 3)
    }

    /// Two s_servers that choose their certificate by SNI: one presents wrong.example's
    /// certificate unless the SNI names mx.smtpc.test, the other mx.smtpc.test's unless it
    /// names wrong.example. `--servername` stays what is verified; `--sni` and `--no-sni`
    /// change only what is sent. (s_server sends no greeting: the TLS line tells.)
    @Test func sniIsSentApartFromTheNameVerified() throws {
        let wrongUnlessSNI = try OpenSSLServer(
            certificate: env.wrongNameCertificate, key: env.wrongNameKey,
            arguments: ["-servername", env.hostname, "-cert2", env.serverCertificate, "-key2", env.serverKey])
        let rightUnlessSNI = try OpenSSLServer(
            certificate: env.serverCertificate, key: env.serverKey,
            arguments: ["-servername", "wrong.example", "-cert2", env.wrongNameCertificate, "-key2", env.wrongNameKey])
        func connect(_ server: OpenSSLServer, _ options: [String]) throws -> String {
            let result = try Binary.run(
                ["--tls", "--cafile", env.caFile, "--servername", env.hostname, "--timeout", "1"] + options
                    + [env.host, String(server.port)],
                input: "QUIT\n", timeout: 20)
            return result.stdout
        }
        let verified = "--- TLS established: TLSv1.3, TLS_AES_128_GCM_SHA256, subject O=smtpc tests, CN=\(env.hostname),"
        let mismatch = "the certificate does not match \(env.hostname) (it is for wrong.example)"
        // By default the SNI is the name verified.
        #expect(try connect(wrongUnlessSNI, []).contains(verified))
        // --no-sni: the server sees no name and presents its default, which fails the check.
        #expect(try connect(wrongUnlessSNI, ["--no-sni"]).contains(mismatch))
        #expect(try connect(rightUnlessSNI, ["--no-sni"]).contains(verified))
        // --sni: the server picks by the name sent; the certificate is still checked against --servername.
        #expect(try connect(rightUnlessSNI, ["--sni", "wrong.example"]).contains(mismatch))
        #expect(try connect(wrongUnlessSNI, ["--sni", env.hostname, "--servername", env.hostname]).contains(verified))

        let both = try Binary.run(["--sni", "a.example", "--no-sni", env.host])
        #expect(both.status == 64 && both.stderr.contains("--sni NAME and --no-sni exclude each other"))
    }

    @Test func tlsSaysNoSNIWasSentAndTheNameWasStillVerified() throws {
        let result = try startTLS(["--no-sni"], then: ["/tls"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("SNI sent:     none (--no-sni)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Verified:     yes, name \(env.hostname)\n"), "\(result.stdout)")
    }
}
