import Foundation

/// A throw-away CA and server certificates made with the openssl command, once per test
/// process, in a temporary directory: `NAME.pem` and `NAME.key` for `server` (localhost and
/// 127.0.0.1, signed by the CA), `wrongname` (wrong.example), `expired` (its validity ended
/// yesterday) and `selfsigned` (localhost, signed by itself), and `ca.pem`.
///
/// Real certificates, so that verification, name checks and expiry go through BoringSSL
/// exactly as they would against a real server.
public struct TestCertificateFiles: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let directory: String
    public var caFile: String { directory + "/ca.pem" }
    public func certificate(_ name: String) -> String { "\(directory)/\(name).pem" }
    public func key(_ name: String) -> String { "\(directory)/\(name).key" }

    /// The certificates, made on first use.
    public static func shared() throws -> TestCertificateFiles {
        try made.get()
    }

    private static let made: Result<TestCertificateFiles, Failure> = Result { () throws(Failure) in
        try TestCertificateFiles.make()
    }

    private static func make() throws(Failure) -> TestCertificateFiles {
        let directory = NSTemporaryDirectory() + "smtpc-test-certs-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let serverExt = directory + "/server.ext"
            let wrongExt = directory + "/wrong.ext"
            try "subjectAltName = DNS:localhost, IP:127.0.0.1\nextendedKeyUsage = serverAuth\n"
                .write(toFile: serverExt, atomically: true, encoding: .utf8)
            try "subjectAltName = DNS:wrong.example\nextendedKeyUsage = serverAuth\n"
                .write(toFile: wrongExt, atomically: true, encoding: .utf8)
            let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            _ = try openssl(
                ["req", "-x509"] + ecKey + [
                    "-keyout", "\(directory)/ca.key", "-out", "\(directory)/ca.pem", "-days", "30",
                    "-subj", "/O=smtpc tests/CN=smtpc test CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                ])
            _ = try openssl(
                ["req", "-x509"] + ecKey + [
                    "-keyout", "\(directory)/selfsigned.key", "-out", "\(directory)/selfsigned.pem", "-days", "30",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                ])
            for (name, cn, ext, days) in [
                ("server", "localhost", serverExt, "30"), ("wrongname", "wrong.example", wrongExt, "30"),
                ("expired", "localhost", serverExt, "-1"),
            ] {
                _ = try openssl(
                    ["req", "-new"] + ecKey + [
                        "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).csr",
                        "-subj", "/O=smtpc tests/CN=\(cn)",
                    ])
                _ = try openssl([
                    "x509", "-req", "-in", "\(directory)/\(name).csr", "-CA", "\(directory)/ca.pem",
                    "-CAkey", "\(directory)/ca.key", "-CAcreateserial", "-days", days, "-extfile", ext,
                    "-out", "\(directory)/\(name).pem",
                ])
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot make test certificates: \(error)")
        }
        return TestCertificateFiles(directory: directory)
    }

    /// Runs openssl and returns its standard output, or fails with its standard error.
    ///
    /// Output goes through files, not pipes: reading a pipe with Foundation can fail with
    /// EINTR when the child's exit signal arrives mid-read.
    public static func openssl(_ arguments: [String]) throws -> String {
        let base = NSTemporaryDirectory() + "smtpc-openssl-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        for file in [base + ".out", base + ".err"] {
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw Failure(description: "cannot create \(file)")
            }
        }
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        process.standardError = FileHandle(forWritingAtPath: base + ".err")
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw Failure(description: "openssl \(arguments.first ?? "") failed: \(errors)")
        }
        return output
    }
}
