import SMTPCore
import SMTPMessage
import TestSupport
import Testing

/// Attachments arrive byte for byte (Python's decoded payload has the same SHA-256), with
/// their names and guessed types.
@Suite struct AttachmentTests {
    /// Random bytes, with CR, LF, CRLF, NUL and bytes above 127 certain to be among them.
    private static func binary(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return [0x0D, 0x00, 0x0A, 0x0D, 0x0A, 0x0A, 0x0D, 0xFF, 0x2E]
            + (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0x0D]
    }

    private static func attach(_ attachments: [MessageSpec.Attachment], eightBitMIME: Bool = false) throws -> (
        BuiltMessage, PythonReading
    ) {
        let message = try Sample.build(
            Sample.spec {
                $0.text = "files attached"
                $0.attachments = attachments
                $0.eightBitMIME = eightBitMIME
            })
        return (message, try PythonReading.read(message))
    }

    @Test func everyKindOfFileArrivesByteForByte() throws {
        let files: [[UInt8]] = [
            Self.binary(count: 100_000, seed: 1),
            Self.binary(count: 3, seed: 2),
            [],
            Array((String(repeating: "x", count: 2500) + "\n" + String(repeating: "y", count: 1200)).utf8),  // lines over 998
            Array("line one\r\nline two\r\n".utf8),  // CRLF text
            Array("lf only\nlines\n".utf8),
            Array("no line end".utf8),
            Array("ends in a lone CR\r".utf8),
            Array(".starts with a dot\r\n.\r\nand a lone dot line\r\n".utf8),
            Array("Grüße, 日本語\r\n".utf8),
            Array("--=_smtpc_ looks like a boundary\r\n".utf8),
            [0x0D, 0x0A],
        ]
        for eightBitMIME in [false, true] {
            let attachments = files.enumerated().map { MessageSpec.Attachment(.bytes($1), fileName: "file\($0).bin") }
            let (_, reading) = try Self.attach(attachments, eightBitMIME: eightBitMIME)
            let decoded = reading.leaves.dropFirst()
            try #require(decoded.count == files.count, "\(reading.structure)")
            for (file, part) in zip(files, decoded) {
                #expect(part.sha256 == sha256Hex(file), "\(part.filename ?? "?") (\(part.cte)) differs, 8BITMIME \(eightBitMIME)")
                #expect(part.size == file.count)
            }
        }
    }

    @Test func transferEncodingsOfFilesAreExactOnes() throws {
        let (message, _) = try Self.attach([
            .init(.bytes(Array("ascii\r\ncrlf\r\n".utf8)), fileName: "a.txt"),
            .init(.bytes(Array("lf\n".utf8)), fileName: "b.txt"),
            .init(.bytes(Array("Grüße\r\n".utf8)), fileName: "c.txt"),
            .init(.bytes(Array(String(repeating: "z", count: 999).utf8)), fileName: "d.txt"),
        ])
        #expect(message.structure.parts.dropFirst().map(\.transferEncoding) == [.sevenBit, .base64, .base64, .base64])
        let (eightBit, _) = try Self.attach([.init(.bytes(Array("Grüße\r\n".utf8)), fileName: "c.txt")], eightBitMIME: true)
        #expect(eightBit.structure.parts.last?.transferEncoding == .eightBit)
        #expect(eightBit.needsEightBitMIME)
    }

    @Test func nonASCIIAndLongNamesGoInRFC2231AndDecodeBack() throws {
        let names = [
            "Bericht Größe.pdf", "日本語のファイル名.txt", "a \"quoted\" name; with = signs.bin",
            String(repeating: "long-name-", count: 12) + "ü.zip", "plain.pdf",
        ]
        let (message, reading) = try Self.attach(names.map { .init(.bytes([1, 2, 3]), fileName: $0) })
        #expect(reading.leaves.dropFirst().map(\.filename) == names)
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.contains("filename*=utf-8''Bericht%20Gr%C3%B6%C3%9Fe.pdf"))
        #expect(text.contains("filename*0*=utf-8''long-name-"))
        #expect(text.contains("filename=plain.pdf"))
        #expect(!message.needsSMTPUTF8)
    }

    @Test func typesAreGuessedFromTheContentThenTheName() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]
        let (message, reading) = try Self.attach([
            .init(.bytes(png), fileName: "picture.dat"),
            .init(.bytes(Array("a,b\n1,2\n".utf8)), fileName: "table.csv"),
            .init(.bytes([0x00, 0x01]), fileName: "notes.txt"),
            .init(.bytes([0x00, 0x01])),
            .init(.bytes(Array("just words".utf8))),
            .init(.bytes(png), mediaType: "application/x-given", fileName: "p.png"),
        ])
        #expect(
            reading.leaves.dropFirst().map(\.type) == [
                "image/png", "text/csv", "application/octet-stream", "application/octet-stream", "text/plain",
                "application/x-given",
            ])
        #expect(message.structure.parts[2].contentType == "text/csv; charset=utf-8")
    }

    @Test func magicBytesAndExtensionsOfTheTable() {
        let cases: [([UInt8], String?, String)] = [
            ([0xFF, 0xD8, 0xFF, 0xE0], nil, "image/jpeg"),
            (Array("GIF89a".utf8), nil, "image/gif"),
            (Array("GIF87a".utf8), "x.png", "image/gif"),
            (Array("%PDF-1.7".utf8), nil, "application/pdf"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14], "doc.docx", "application/zip"),
            ([0x1F, 0x8B, 0x08], nil, "application/gzip"),
            ([0x00, 0x01], "a.JPG", "image/jpeg"),
            (Array("<p>".utf8), "page.HTML", "text/html; charset=utf-8"),
            (Array("Grüße".utf8), nil, "text/plain; charset=utf-8"),
            ([0xC3, 0x28], nil, "application/octet-stream"),  // not UTF-8
            ([], "empty", "text/plain; charset=utf-8"),
        ]
        for (bytes, name, type) in cases {
            #expect(MediaTypeGuess.mediaType(of: bytes, fileName: name) == type, "\(bytes) \(name ?? "-")")
        }
    }
}
