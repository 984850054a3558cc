import Foundation
import NIOSSL

/// A throw-away CA and server certificates made with the openssl command, once per test run.
///
/// Real certificates, so that verification, name checks and expiry go through BoringSSL
/// exactly as they would against a real server.
struct TestCertificates: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let directory: String
    var caFile: String { directory + "/ca.pem" }

    /// The certificates, made on first use.
    static func shared() throws -> TestCertificates {
        try made.get()
    }

    private static let made: Result<TestCertificates, Failure> = Result { () throws(Failure) in
        try TestCertificates.make()
    }

    /// A server TLS context presenting `name` (`server`, `wrongname`, `expired`, `selfsigned`), with the CA in the chain file.
    func serverContext(_ name: String) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile("\(directory)/\(name).pem").map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: "\(directory)/\(name).key", format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }

    /// The SHA-256 fingerprint openssl prints for a certificate file (`AB:CD:…`).
    func opensslFingerprint(_ name: String) throws -> String {
        let output = try Self.openssl(["x509", "-in", "\(directory)/\(name).pem", "-noout", "-fingerprint", "-sha256"])
        guard let value = output.split(separator: "=", maxSplits: 1).last else {
            throw Failure(description: "unexpected openssl output: \(output)")
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func make() throws(Failure) -> TestCertificates {
        let directory = NSTemporaryDirectory() + "smtpc-transport-certs-\(getpid())"
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
                    "-subj", "/O=smtpc transport tests/CN=transport test CA",
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
                        "-subj", "/O=smtpc transport tests/CN=\(cn)",
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
        return TestCertificates(directory: directory)
    }

    /// Runs openssl and returns its standard output, or fails with its standard error.
    ///
    /// Output goes through files, not pipes: reading a pipe with Foundation can fail with
    /// EINTR when the child's exit signal arrives mid-read.
    private static func openssl(_ arguments: [String]) throws -> String {
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
