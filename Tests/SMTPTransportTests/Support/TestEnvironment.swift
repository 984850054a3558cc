import Foundation

/// The real servers started by `scripts/testenv` (Postfix with STARTTLS and implicit TLS).
///
/// Read from `$SMTPC_TESTENV_DIR/env` (default `/tmp/smtpc-testenv/env`), `KEY=VALUE` lines.
/// Tests that need it fail — not skip — when it is missing: a green run must mean the
/// real-server tests ran.
struct TestEnvironment {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    let directory: String
    let values: [String: String]

    static func load() throws -> TestEnvironment {
        let directory = ProcessInfo.processInfo.environment["SMTPC_TESTENV_DIR"] ?? "/tmp/smtpc-testenv"
        let path = directory + "/env"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Missing(description: "the test servers are not running (no \(path)); start them with scripts/testenv/start")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            values[key.hasPrefix("export ") ? String(key.dropFirst(7)) : key] = value
        }
        return TestEnvironment(directory: directory, values: values)
    }

    func port(_ key: String, default fallback: Int) -> Int {
        values[key].flatMap(Int.init) ?? fallback
    }

    var host: String { values["SMTPC_TEST_HOST"] ?? "127.0.0.1" }
    var hostname: String { values["SMTPC_TEST_HOSTNAME"] ?? "mx.smtpc.test" }
    var smtpPort: Int { port("SMTPC_TEST_SMTP_PORT", default: 2525) }
    var smtpsPort: Int { port("SMTPC_TEST_SMTPS_PORT", default: 2465) }
    var caFile: String {
        values["SMTPC_TEST_CA_FILE"] ?? values["SMTPC_TEST_CAFILE"] ?? values["SMTPC_TEST_CA"] ?? directory + "/tls/ca.pem"
    }
}
