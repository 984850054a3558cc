import Crypto
import Foundation
import SMTPCore
import SMTPMessage
import TestSupport
import Testing

/// A built message as Python's `email` package reads it (policy `email.policy.default`):
/// an independent parser, so a mistake of the builder cannot hide in the way the tests read.
struct PythonReading: Decodable {
    /// One MIME part, depth-first, as Python sees it.
    struct Part: Decodable {
        let depth: Int
        let type: String
        let cte: String
        let filename: String?
        let disposition: String?
        let cid: String?
        let charset: String?
        /// SHA-256 of the decoded payload (leaves only).
        let sha256: String?
        let size: Int?
        /// The decoded text of a text part, its line breaks as LF (Python gives those of a
        /// 7bit or 8bit part as they were on the wire, CRLF).
        let text: String?
    }

    /// The top-level header fields, decoded, in order.
    let headers: [[String]]
    /// Every defect Python noted in a part or a header; a well-formed message has none.
    let defects: [String]
    let parts: [Part]

    /// The decoded values of the header `name`.
    func header(_ name: String) -> [String] {
        headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }

    /// The tree as `depth type` lines, e.g. `0 multipart/mixed`, `1 text/plain`.
    var structure: [String] { parts.map { "\($0.depth) \($0.type)" } }

    /// The leaf parts.
    var leaves: [Part] { parts.filter { $0.sha256 != nil } }

    private static let script = """
        import sys, json, hashlib, email, email.policy
        msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
        defects, parts = [], []
        def text(value):
            return None if value is None else str(value)
        def walk(part, depth):
            defects.extend(f"{part.get_content_type()}: {type(d).__name__}" for d in part.defects)
            for name, value in part.items():
                defects.extend(f"{name}: {type(d).__name__}" for d in getattr(value, 'defects', ()))
            entry = {"depth": depth, "type": part.get_content_type(), "cte": text(part.get('Content-Transfer-Encoding', '')),
                     "filename": part.get_filename(), "disposition": part.get_content_disposition(),
                     "cid": text(part.get('Content-ID')), "charset": part.get_content_charset()}
            parts.append(entry)
            if part.is_multipart():
                for sub in part.get_payload():
                    walk(sub, depth + 1)
            else:
                payload = part.get_payload(decode=True)
                entry["sha256"] = hashlib.sha256(payload).hexdigest()
                entry["size"] = len(payload)
                if part.get_content_maintype() == 'text':
                    entry["text"] = part.get_content().replace('\\r\\n', '\\n')
        walk(msg, 0)
        print(json.dumps({"headers": [[k, str(v)] for k, v in msg.items()], "defects": defects, "parts": parts}))
        """

    /// `message` written to a file and read by python3; also checks every line (≤ 998
    /// octets, CRLF, no bare CR or LF) and that Python found no defect.
    static func read(_ message: BuiltMessage, sourceLocation: SourceLocation = #_sourceLocation) throws -> PythonReading {
        expectWellFormedLines(message.bytes, sourceLocation: sourceLocation)
        let directory = try makeTemporaryDirectory(prefix: "smtpc-message")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("message.eml")
        try Data(message.bytes).write(to: file)
        return try read(file: file.path, sourceLocation: sourceLocation)
    }

    /// The message in the file at `path` read by python3, which must find no defect.
    static func read(file path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> PythonReading {
        let result = try Binary.run(executable: "/usr/bin/python3", ["-c", script, path], timeout: 120)
        try #require(result.status == 0, "python3 failed: \(result.stderr)", sourceLocation: sourceLocation)
        let reading = try JSONDecoder().decode(PythonReading.self, from: Data(result.stdout.utf8))
        #expect(reading.defects.isEmpty, "Python found defects: \(reading.defects)", sourceLocation: sourceLocation)
        return reading
    }

    /// Every line ends in CRLF, has at most 998 octets before it, and holds no other CR or LF.
    static func expectWellFormedLines(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bytes.suffix(2) == [0x0D, 0x0A], "the message does not end with CRLF", sourceLocation: sourceLocation)
        var lineStart = 0
        for index in bytes.indices {
            if bytes[index] == 0x0D {
                let pairs = index + 1 < bytes.count && bytes[index + 1] == 0x0A
                #expect(pairs, "a CR without LF at octet \(index)", sourceLocation: sourceLocation)
            } else if bytes[index] == 0x0A {
                let paired = index > 0 && bytes[index - 1] == 0x0D
                #expect(paired, "a bare LF at octet \(index)", sourceLocation: sourceLocation)
                let length = index - 1 - lineStart
                #expect(length <= 998, "a line of \(length) octets at octet \(lineStart)", sourceLocation: sourceLocation)
                lineStart = index + 1
            }
        }
    }
}

/// SHA-256 in lower-case hex, as Python's `hexdigest` writes it.
func sha256Hex(_ bytes: [UInt8]) -> String {
    hex(SHA256.hash(data: bytes))
}

/// A digest in lower-case hex.
func hex(_ digest: SHA256.Digest) -> String {
    digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

/// The fixed parts of the tests' messages: a date, a seeded generator, the addresses.
enum Sample {
    static let date = RFC5322Date(secondsSince1970: 1_700_000_000, utcOffsetMinutes: 60)
    static let from = Mailbox("ann@example.org", displayName: "Ann Example")
    static let to = [Mailbox("bob@example.net")]

    /// A message of `spec`, built with a seeded generator.
    static func build(_ spec: MessageSpec, seed: UInt64 = 26) throws -> BuiltMessage {
        var generator = SeededGenerator(seed: seed)
        return try MessageBuilder.build(spec, using: &generator)
    }

    /// Python's reading of the message of `Sample.spec(configure)`.
    static func reading(_ configure: (inout MessageSpec) -> Void) throws -> PythonReading {
        try PythonReading.read(build(spec(configure)))
    }

    /// A spec from Ann to Bob, dated, with `configure` applied.
    static func spec(_ configure: (inout MessageSpec) -> Void = { _ in }) -> MessageSpec {
        var spec = MessageSpec(from: from, to: to, subject: "Test", date: date, messageIDDomain: "client.example.org")
        configure(&spec)
        return spec
    }
}
