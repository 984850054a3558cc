import Foundation
import TestSupport

/// dkimpy (Debian's python3-dkim), an independent DKIM verifier, run by dkimpy-verify.py.
enum Dkimpy {
    /// Where the key record dkimpy is served comes from.
    enum KeySource {
        /// The TXT record SMTPDKIM produced.
        case record(String)
        /// A public key PEM from `openssl pkey -pubout`; the script makes the record itself.
        case publicKey(path: String)
    }

    /// One message to verify with the key published at `SELECTOR._domainkey.DOMAIN`.
    struct Check {
        let message: [UInt8]
        let name: String
        let key: KeySource
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("dkimpy-verify.py").path

    /// dkimpy's verdict on each check, in order: "pass", or "fail" with its reasons.
    static func verdicts(_ checks: [Check]) throws -> [String] {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-dkimpy")
        defer { try? FileManager.default.removeItem(at: directory) }
        var manifest = ""
        for (index, check) in checks.enumerated() {
            let messagePath = directory.appendingPathComponent("message-\(index).eml").path
            try Data(check.message).write(to: URL(fileURLWithPath: messagePath))
            switch check.key {
            case .record(let record):
                let recordPath = directory.appendingPathComponent("record-\(index).txt").path
                try record.write(toFile: recordPath, atomically: true, encoding: .utf8)
                manifest += "\(messagePath)\t\(check.name)\ttxt\t\(recordPath)\n"
            case .publicKey(let path):
                manifest += "\(messagePath)\t\(check.name)\tpem\t\(path)\n"
            }
        }
        let manifestPath = directory.appendingPathComponent("manifest").path
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let result = try Binary.run(executable: "/usr/bin/python3", [script, manifestPath], timeout: 300)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        guard result.status == 0, lines.count == checks.count else {
            throw Failure(
                description: "dkimpy-verify.py ended with \(result.status) after \(lines.count) of \(checks.count) "
                    + "verdicts (is python3-dkim installed? scripts/testenv/install): \(result.stderr)")
        }
        return lines
    }
}
