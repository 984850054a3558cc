/// What the tests of `smtpc check`, `/dane` and `--dane` share: the keys the DNSSEC stack
/// writes, and openssl's verdict on a DANE session to compare smtpc's with.
extension TestEnvironment {
    /// The value of `key`, or an error that says to restart the test servers.
    public func required(_ key: String) throws -> String {
        guard let value = values[key] else {
            throw Missing(description: "\(key) is not in the test env: restart scripts/testenv/start")
        }
        return value
    }

    /// What `openssl s_client` says of a STARTTLS session with the test Postfix at `address`
    /// as `host` (SNI and the DANE name), given `record` as its only TLSA record. DANE-EE
    /// records are matched without name checks, as RFC 7672 §3.1.1 says.
    public func opensslDANE(host: String, address: String, record: String) throws -> (ok: Bool, text: String) {
        let result = try Binary.run(
            executable: "/usr/bin/openssl",
            [
                "s_client", "-brief", "-connect", "\(address):\(smtpPort)", "-starttls", "smtp", "-servername", host,
                "-dane_tlsa_domain", host, "-dane_tlsa_rrdata", record, "-dane_ee_no_namechecks", "-verify_return_error",
            ], input: "QUIT\r\n", timeout: 20)
        let text = result.stdout + result.stderr
        return (text.contains("Verification: OK"), text)
    }
}
