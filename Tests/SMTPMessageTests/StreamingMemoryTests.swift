import Crypto
import Foundation
import Glibc
import SMTPMessage
import TestSupport
import Testing

/// A large file attachment is streamed: written to a file, the message arrives byte for byte
/// (Python's SHA-256 of the decoded attachment) while the test process's peak memory grows by
/// a small fraction of the file's size.
///
/// The measure is Linux's: the peak resident size (`VmHWM` in /proc/self/status) is reset to
/// the current one (`5` written to /proc/self/clear_refs, proc(5)) just before the message is
/// prepared and written, and read just after. getrusage(2)'s `ru_maxrss` cannot be reset, and
/// a test process has often peaked higher already, which would hide the growth. Other tests
/// running at the same time count too, so the bound leaves them room; a builder that held the
/// file whole would grow the peak by 40 MiB and more.
@Suite struct StreamingMemoryTests {
    private static let fileSize = 40 * 1024 * 1024
    /// The most the peak may grow while the message is prepared and written.
    private static let allowedGrowth = 16 * 1024 * 1024

    /// Resets the process's peak resident size to its current one.
    private static func resetPeak() throws {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        try #require(fd >= 0, "cannot open /proc/self/clear_refs: \(String(cString: strerror(errno)))")
        defer { close(fd) }
        try #require(write(fd, "5", 1) == 1, "cannot reset the peak: \(String(cString: strerror(errno)))")
    }

    /// The process's resident size now and at its peak, in octets.
    private static func residentSizes() throws -> (current: Int, peak: Int) {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func kibibytes(_ name: String) throws -> Int {
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(name + ":") })
            return try #require(Int(line.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace)[0])) * 1024
        }
        return (try kibibytes("VmRSS"), try kibibytes("VmHWM"))
    }

    /// Writes `count` (a multiple of 8) seeded random octets to `path` a MiB at a time;
    /// their SHA-256 in hex.
    private static func writeRandomFile(_ path: String, count: Int) throws -> String {
        var generator = SeededGenerator(seed: 40)
        var hasher = SHA256()
        try Data().write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var written = 0
        while written < count {
            var chunk = [UInt8](repeating: 0, count: min(1024 * 1024, count - written))
            chunk.withUnsafeMutableBytes { buffer in
                for offset in stride(from: 0, to: buffer.count, by: 8) {
                    buffer.storeBytes(of: generator.next(), toByteOffset: offset, as: UInt64.self)
                }
            }
            hasher.update(data: chunk)
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        return hex(hasher.finalize())
    }

    @Test func aFortyMiBAttachmentIsStreamedInLittleMemory() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-stream")
        defer { try? FileManager.default.removeItem(at: directory) }
        let attachment = directory.appendingPathComponent("large.bin").path
        let digest = try Self.writeRandomFile(attachment, count: Self.fileSize)
        let output = directory.appendingPathComponent("message.eml").path

        // The peak is the whole test process's, which tests running beside this one raise
        // now and then: the least growth of three tries counts. A builder that held the
        // file would grow by its 40 MiB every time.
        var growths: [Int] = []
        var last: PreparedMessage?
        for _ in 1...3 where growths.allSatisfy({ $0 >= Self.allowedGrowth }) {
            try Self.resetPeak()
            let before = try Self.residentSizes().current
            let message = try MessageBuilder.prepare(
                Sample.spec {
                    $0.text = "a large file"
                    $0.attachments = [.init(.file(attachment), fileName: "large.bin")]
                })
            try message.write(toFile: output)
            growths.append(try Self.residentSizes().peak - before)
            last = message
        }
        let growth = growths.min() ?? .max
        let prepared = try #require(last)

        #expect(growth < Self.allowedGrowth, "the peak grew by \(growths.map { $0 / 1024 }) KiB writing a \(Self.fileSize / 1024) KiB file")
        let size = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int
        #expect(size == prepared.outline.size)
        #expect(prepared.outline.treeLines.last == "  application/octet-stream  large.bin  base64  41,943,040 bytes")
        let reading = try PythonReading.read(file: output)
        #expect(reading.structure == ["0 multipart/mixed", "1 text/plain", "1 application/octet-stream"])
        #expect(reading.parts[2].sha256 == digest)
        #expect(reading.parts[2].size == Self.fileSize)
    }
}
