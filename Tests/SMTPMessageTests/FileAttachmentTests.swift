import Foundation
import SMTPCore
import SMTPMessage
import TestSupport
import Testing

/// Attachments read from files as the message is written: the same message as from the
/// same bytes in memory, typed errors for files that cannot be read or that change, and
/// boundaries kept out of files sent as they are.
@Suite struct FileAttachmentTests {
    /// A block of the reader (57 × 1,024 octets).
    private static let block = 57 * 1024

    /// Contents to attach: across block edges, text sent as it is, the edge cases.
    private static let contents: [[UInt8]] = {
        var generator = SeededGenerator(seed: 7)
        let binary = (0..<(2 * block + 100)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let crlfText = Array(String(repeating: "a line of text, short enough\r\n", count: 5000).utf8)  // several blocks
        return [
            binary, Array(binary.prefix(block)), Array(binary.prefix(block - 1)), crlfText,
            Array(String(repeating: "Grüße\r\n", count: 20_000).utf8), [], Array("ends in a lone CR\r".utf8),
            Array("no line end".utf8),
        ]
    }()

    /// `contents` written to files in a new directory, and their paths.
    private static func files(_ contents: [[UInt8]]) throws -> (URL, [String]) {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-files")
        let paths = try contents.enumerated().map { index, bytes in
            let url = directory.appendingPathComponent("file\(index).bin")
            try Data(bytes).write(to: url)
            return url.path
        }
        return (directory, paths)
    }

    private static func spec(_ attachments: [MessageSpec.Attachment], eightBitMIME: Bool = false) -> MessageSpec {
        Sample.spec {
            $0.text = "files attached"
            $0.attachments = attachments
            $0.eightBitMIME = eightBitMIME
        }
    }

    @Test func aFileMakesTheSameMessageAsItsBytes() throws {
        let (directory, paths) = try Self.files(Self.contents)
        defer { try? FileManager.default.removeItem(at: directory) }
        for eightBitMIME in [false, true] {
            let fromFiles = try Sample.build(
                Self.spec(paths.map { .init(.file($0), fileName: "f") }, eightBitMIME: eightBitMIME))
            let fromBytes = try Sample.build(
                Self.spec(Self.contents.map { .init(.bytes($0), fileName: "f") }, eightBitMIME: eightBitMIME))
            #expect(fromFiles.bytes == fromBytes.bytes)
            #expect(fromFiles.size == fromFiles.bytes.count)
            #expect(fromFiles.treeLines == fromBytes.treeLines)
            let encodings = fromFiles.structure.parts.dropFirst().map(\.transferEncoding)
            #expect(encodings == [.base64, .base64, .base64, .sevenBit, eightBitMIME ? .eightBit : .base64, .sevenBit, .base64, .sevenBit])
            let reading = try PythonReading.read(fromFiles)
            #expect(reading.leaves.dropFirst().map(\.sha256) == Self.contents.map(sha256Hex))
        }
    }

    @Test func aFileIsWrittenToADescriptorAsToAnArray() throws {
        let (directory, paths) = try Self.files(Self.contents)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = Self.spec(paths.map { .init(.file($0)) })
        var generator = SeededGenerator(seed: 26)
        let prepared = try MessageBuilder.prepare(spec, using: &generator)
        let output = directory.appendingPathComponent("message.eml").path
        try prepared.write(toFile: output)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(written == (try Sample.build(spec)).bytes)
        #expect(written.count == prepared.outline.size)
        try prepared.write(toFile: output)  // a prepared message can be written again
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: output))) == written)
    }

    @Test func anUnreadableFileIsATypedErrorNamingItBeforeAnythingIsWritten() throws {
        let (directory, paths) = try Self.files([[1, 2, 3]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.pdf").path
        let error = MessageBuildError.unreadableFile(missing, reason: "No such file or directory")
        #expect(throws: error) {
            try MessageBuilder.prepare(Self.spec([.init(.file(paths[0])), .init(.file(missing))]))
        }
        #expect(error.description == "Cannot read '\(missing)': No such file or directory.")
        #expect(throws: MessageBuildError.unreadableFile(directory.path, reason: "not a regular file")) {
            try MessageBuilder.prepare(Self.spec([.init(.file(directory.path))]))
        }
        #expect(throws: MessageBuildError.cannotWrite(directory.path, reason: "Is a directory")) {
            try MessageBuilder.prepare(Self.spec([.init(.file(paths[0]))])).write(toFile: directory.path)
        }
    }

    @Test func aFileThatChangesAfterItWasPreparedStopsTheWriting() throws {
        let (directory, paths) = try Self.files([Self.contents[0], Array("text\r\n".utf8)])
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = Self.spec(paths.map { .init(.file($0)) })
        for change in [Self.contents[0].dropLast(), (Self.contents[0] + [0])[...], Array(Self.contents[0].reversed())[...]] {
            try Data(Self.contents[0]).write(to: URL(fileURLWithPath: paths[0]))
            let prepared = try MessageBuilder.prepare(spec)
            try Data(change).write(to: URL(fileURLWithPath: paths[0]))
            if change.count == Self.contents[0].count {
                try prepared.write { _ in }  // base64 goes as it is read: the same size is enough
            } else {
                #expect(throws: MessageBuildError.fileChanged(paths[0])) { try prepared.write { _ in } }
            }
        }
        try Data(Self.contents[0]).write(to: URL(fileURLWithPath: paths[0]))
        let prepared = try MessageBuilder.prepare(spec)
        try Data("te\0t\r\n".utf8).write(to: URL(fileURLWithPath: paths[1]))  // no longer 7bit text
        #expect(throws: MessageBuildError.fileChanged(paths[1])) { try prepared.write { _ in } }
    }

    @Test func aBoundaryLikeTextInAFileSentAsItIsIsAvoided() throws {
        let probe = try Sample.build(Self.spec([.init(.bytes([1, 2, 3]))]))
        let text = String(decoding: probe.bytes, as: UTF8.self)
        let boundaryLine = try #require(text.split(separator: "\r\n").first { $0.hasPrefix("--=_smtpc_") })
        let content = Array((String(repeating: "x\r\n", count: Self.block / 3) + boundaryLine + "\r\n").utf8)
        let (directory, paths) = try Self.files([content])
        defer { try? FileManager.default.removeItem(at: directory) }
        let message = try Sample.build(Self.spec([.init(.file(paths[0]))]))
        #expect(!String(decoding: message.bytes, as: UTF8.self).contains(boundaryLine + "--"), "the file's boundary was used")
        let reading = try PythonReading.read(message)
        #expect(reading.structure == ["0 multipart/mixed", "1 text/plain", "1 text/plain"])
        #expect(reading.parts[2].cte == "7bit")
        #expect(reading.parts[2].sha256 == sha256Hex(content))
    }

    @Test func theTypeOfAFileIsGuessedFromItsFirstBytesAndItsName() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 10_000)
        let cutCharacter = Array((String(repeating: "a", count: 4095) + "ü and more").utf8)  // ü across the 4 KiB read
        let (directory, paths) = try Self.files([png, cutCharacter, [0xC3]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let message = try Sample.build(
            Self.spec([.init(.file(paths[0]), fileName: "a.dat"), .init(.file(paths[1])), .init(.file(paths[2]), fileName: "b.txt")]))
        #expect(
            message.structure.parts.dropFirst().map(\.contentType) == [
                "image/png", "text/plain; charset=utf-8", "application/octet-stream",
            ])
    }
}
