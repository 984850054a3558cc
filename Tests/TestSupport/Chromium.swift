import Foundation

/// Headless Chromium through Tests/TestSupport/cdp.py (the DevTools protocol), and the web
/// view's browser checks (Tests/EndToEndTests/Web/browser_checks.py).
public enum Chromium {
    /// `cdp.py ARGUMENTS…`: its exit status and the JSON object it printed.
    public static func cdp(_ arguments: [String], timeout: TimeInterval = 60) throws -> (status: Int32, json: [String: Any]) {
        try python(Binary.packageRoot.appendingPathComponent("Tests/TestSupport/cdp.py").path, arguments, timeout: timeout)
    }

    /// `browser_checks.py ARGUMENTS…`.
    public static func checks(_ arguments: [String], timeout: TimeInterval = 120) throws -> (status: Int32, json: [String: Any]) {
        try python(
            Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Web/browser_checks.py").path, arguments, timeout: timeout)
    }

    /// `Authorization: Basic …` for a student's page.
    public static func basic(_ user: String, _ password: String) -> String {
        "Authorization: Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    private static func python(_ script: String, _ arguments: [String], timeout: TimeInterval) throws -> (
        status: Int32, json: [String: Any]
    ) {
        let run = try Binary.run(executable: "/usr/bin/python3", [script] + arguments, timeout: timeout)
        let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        guard let object else { throw ChromiumError(output: run.stdout + run.stderr) }
        return (run.status, object)
    }
}

/// The driver printed no JSON: what it said instead.
public struct ChromiumError: Error, CustomStringConvertible {
    public let output: String
    public var description: String { "the Chromium driver failed: \(output)" }
}
