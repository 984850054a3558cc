import Foundation
import SMTPServer
import Testing

/// STARTTLS on the wire, checked with Python's ssl module: the certificate is the one
/// whose fingerprint the server reports, and plaintext pipelined after STARTTLS is dropped.
@Suite(.serialized) struct TLSTests {
    @Test func startTLSShowsTheAdvertisedCertificateAndDropsInjectedPlaintext() async throws {
        let python = try ExternalTool.locate("python3", package: "python3")
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let script = """
            import hashlib, socket, ssl, sys
            sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            reader = sock.makefile("rb")
            def reply(stream):
                lines = []
                while True:
                    line = stream.readline().decode().rstrip("\\r\\n")
                    lines.append(line)
                    if len(line) < 4 or line[3] == " ":
                        return lines
            reply(reader)
            sock.sendall(b"EHLO py.example\\r\\n")
            reply(reader)
            # An attacker's plaintext rides along with STARTTLS; the server must drop it (RFC 3207).
            sock.sendall(b"STARTTLS\\r\\nMAIL FROM:<injected@evil.example>\\r\\n")
            print(reply(reader)[-1])
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            tls = context.wrap_socket(sock, server_hostname="localhost")
            der = tls.getpeercert(binary_form=True)
            print("fingerprint", ":".join("%02X" % b for b in hashlib.sha256(der).digest()))
            print("version", tls.version())
            stream = tls.makefile("rb")
            tls.sendall(b"MAIL FROM:<after@tls.example>\\r\\n")
            print(reply(stream)[-1])
            tls.sendall(b"EHLO py.example\\r\\n")
            print("\\n".join(reply(stream)))
            """
        let outcome = try await ExternalTool.run(python, ["-c", script, String(server.port)])
        #expect(outcome.status == 0, "\(outcome.output)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "220 2.0.0 Ready to start TLS")
        #expect(lines.contains("fingerprint \(server.fingerprint ?? "none")"))
        #expect(lines.contains { $0.hasPrefix("version TLSv1.") })
        #expect(
            lines.contains("503 5.5.1 Say EHLO (or HELO) before MAIL"),
            "the session starts afresh after TLS; the injected MAIL was not kept")
        #expect(lines.contains("250-AUTH PLAIN LOGIN CRAM-MD5") && !lines.contains("250-STARTTLS"))
    }

    @Test func theCertificateNamesLocalhostAndLoopback() async throws {
        let openssl = try ExternalTool.locate("openssl", package: "openssl")
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let pem = try #require(server.certificate?.certificatePEM)
        let outcome = try await ExternalTool.run(openssl, ["x509", "-noout", "-text", "-fingerprint", "-sha256"], input: pem)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"))
        #expect(outcome.output.contains("TLS Web Server Authentication"))
        #expect(outcome.output.contains("Fingerprint=\(server.fingerprint ?? "none")"))
    }
}
