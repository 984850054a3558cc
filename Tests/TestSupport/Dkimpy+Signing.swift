import Foundation

/// dkimpy (Debian's python3-dkim), an independent DKIM signer, run by dkimpy-sign.py: messages
/// signed by other software for smtpc's verifier to check.
public enum DkimpySigner {
    /// One message to sign.
    public struct Job: Sendable {
        public let message: [UInt8]
        public let keyPath: String
        public let domain: String
        public let selector: String
        /// `relaxed/relaxed`, `simple/simple`, …
        public let canonicalization: String
        /// Add `l=`.
        public let length: Bool

        public init(
            message: [UInt8], keyPath: String, domain: String, selector: String, canonicalization: String = "relaxed/relaxed",
            length: Bool = false
        ) {
            self.message = message
            self.keyPath = keyPath
            self.domain = domain
            self.selector = selector
            self.canonicalization = canonicalization
            self.length = length
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("dkimpy-sign.py").path

    /// The jobs' messages as dkimpy signed them, in order, each with its DKIM-Signature field on top.
    public static func sign(_ jobs: [Job]) throws -> [[UInt8]] {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-dkimpy-sign")
        defer { try? FileManager.default.removeItem(at: directory) }
        var manifest = ""
        for (index, job) in jobs.enumerated() {
            let input = directory.appendingPathComponent("in-\(index).eml").path
            try Data(job.message).write(to: URL(fileURLWithPath: input))
            let fields = [
                input, job.keyPath, job.domain, job.selector, job.canonicalization, job.length ? "l" : "-",
                directory.appendingPathComponent("out-\(index).eml").path,
            ]
            manifest += fields.joined(separator: "\t") + "\n"
        }
        let manifestPath = directory.appendingPathComponent("manifest").path
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let result = try Binary.run(executable: "/usr/bin/python3", [script, manifestPath], timeout: 300)
        guard result.status == 0 else {
            throw Failure(
                description:
                    "dkimpy-sign.py ended with \(result.status) (is python3-dkim installed? scripts/testenv/install): \(result.stderr)")
        }
        return try jobs.indices.map { index in
            Array(try Data(contentsOf: directory.appendingPathComponent("out-\(index).eml")))
        }
    }
}
