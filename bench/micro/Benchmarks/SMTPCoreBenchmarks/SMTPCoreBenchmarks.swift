import Benchmark
import Foundation
import SMTPCore

// Microbenchmarks of SMTPCore: time and allocations per operation.
//
// - ReplyParser on real multi-line replies (the test fixtures), fed whole and in small pieces.
// - MessageBodyEncoder on 1 MiB of message text, fed in 64 KiB blocks as `/send` reads a file.
// - The old WireLines (OldWireLines.swift, the code before MessageBodyEncoder) on the same text.
//
// One operation of a body benchmark is 1 MiB of input, so throughput (#/s) is MiB/s; the
// custom metric "MB/s" says it in 10^6 bytes per second, the unit curl and the issue use.

/// Decimal megabytes per second of input, measured around the whole run of one benchmark.
private let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

private let bodyMetrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond]
private let parserMetrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

/// The size of one body operation, and of the blocks `/send` reads.
private let bodySize = 1 << 20
private let blockSize = 64 * 1024

/// 1 MiB of plausible message text: headers, then 76-character lines (like quoted-printable
/// or base64 bodies), one line in 40 starting with a dot. `lineEnding` is LF (a file written
/// on Unix) or CRLF (a saved .eml).
private func messageText(lineEnding: [UInt8]) -> [UInt8] {
    var text: [UInt8] = []
    text.reserveCapacity(bodySize + 200)
    let headers = [
        "From: Alice Example <alice@example.org>", "To: Bob Example <bob@example.net>",
        "Subject: Quarterly figures, as promised", "Date: Wed, 02 Dec 2026 10:00:00 +0000",
        "Message-ID: <20261202100000.4711@example.org>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii", "",
    ]
    for header in headers { text += Array(header.utf8) + lineEnding }
    let words = Array("the quick brown fox jumps over the lazy dog while the server counts every octet of it ".utf8)
    var line = 0
    var offset = 0
    while text.count < bodySize {
        var bytes: [UInt8] = line % 40 == 7 ? [0x2E] : []
        while bytes.count < 76 {
            bytes.append(words[offset % words.count])
            offset += 1
        }
        text += bytes + lineEnding
        line += 1
    }
    return Array(text.prefix(bodySize))
}

private let lfText = messageText(lineEnding: [0x0A])
private let crlfText = messageText(lineEnding: [0x0D, 0x0A])

/// Runs `body` once per scaled iteration and records the input rate in MB/s.
private func measureBody(_ benchmark: Benchmark, _ body: () -> Void) {
    let clock = ContinuousClock()
    let start = clock.now
    for _ in benchmark.scaledIterations { body() }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let bytes = Double(bodySize * benchmark.scaledIterations.count)
    if seconds > 0 { benchmark.measurement(megabytesPerSecond, Int(bytes / seconds / 1e6)) }
}

/// The new encoder, 64 KiB blocks into one reused output buffer, as `/send` streams a file.
private func encodeInBlocks(_ text: [UInt8], dotStuffing: Bool) {
    var encoder = MessageBodyEncoder(dotStuffing: dotStuffing)
    var output: [UInt8] = []
    output.reserveCapacity(2 * blockSize + 1)  // what `encode` asks for: one allocation in all
    text.withUnsafeBytes { raw in
        var start = 0
        while start < raw.count {
            let end = min(start + blockSize, raw.count)
            output.removeAll(keepingCapacity: true)
            encoder.encode(UnsafeRawBufferPointer(rebasing: raw[start..<end]), into: &output)
            blackHole(output.count)
            start = end
        }
    }
    output.removeAll(keepingCapacity: true)
    encoder.finish(into: &output)
    blackHole(output.count)
    blackHole(encoder.lineCount)
}

/// The old WireLines on the same blocks (made as arrays beforehand, as `MessageFile.read` returned them).
private func oldWireLinesInBlocks(_ blocks: [[UInt8]], dotStuffing: Bool) {
    var lines = OldWireLines(dotStuffing: dotStuffing)
    for block in blocks {
        let pieces = lines.feed(block)
        blackHole(pieces)
    }
    blackHole(lines.finish())
    blackHole(lines.lineCount)
}

private func blocks(of text: [UInt8]) -> [[UInt8]] {
    stride(from: 0, to: text.count, by: blockSize).map { Array(text[$0..<min($0 + blockSize, text.count)]) }
}

// MARK: Reply fixtures

/// The multi-line replies the tests use: real servers' EHLO answers and rejections.
private let replyFixtureNames = [
    "postfix-ehlo", "exim-ehlo", "aiosmtpd-ehlo", "gmail-ehlo", "gmail-ehlo-after-tls", "outlook-ehlo", "dovecot-lhlo",
    "postfix-rejections", "gmail-rejections", "outlook-rejections",
]

/// A fixture of the SMTPCore tests, read where it lies in the source tree (no copy here).
private func fixture(_ name: String) -> [UInt8] {
    let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SMTPCoreBenchmarks
        .deletingLastPathComponent()  // Benchmarks
        .deletingLastPathComponent()  // micro
        .deletingLastPathComponent()  // bench
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("Tests/SMTPCoreTests/Fixtures")
    guard let data = try? Data(contentsOf: directory.appendingPathComponent("\(name).txt")) else {
        fatalError("fixture \(name).txt is missing from \(directory.path)")
    }
    return [UInt8](data)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: bodyMetrics,
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    // MARK: Message bodies (one operation = 1 MiB)

    // The floor: what the harness itself (and the MB/s measurement) allocates per operation.
    Benchmark("Floor: an empty body operation") { benchmark in
        measureBody(benchmark) {}
    }

    Benchmark("MessageBodyEncoder DATA, LF text, 64 KiB blocks (1 MiB)") { benchmark in
        measureBody(benchmark) { encodeInBlocks(lfText, dotStuffing: true) }
    }
    Benchmark("MessageBodyEncoder DATA, CRLF text, 64 KiB blocks (1 MiB)") { benchmark in
        measureBody(benchmark) { encodeInBlocks(crlfText, dotStuffing: true) }
    }
    Benchmark("MessageBodyEncoder BDAT, LF text, 64 KiB blocks (1 MiB)") { benchmark in
        measureBody(benchmark) { encodeInBlocks(lfText, dotStuffing: false) }
    }
    Benchmark("MessageBodyEncoder DATA, LF text, whole into a new array (1 MiB)") { benchmark in
        measureBody(benchmark) {
            var encoder = MessageBodyEncoder(dotStuffing: true)
            var output: [UInt8] = []
            encoder.encode(lfText, into: &output)
            encoder.finish(into: &output)
            blackHole(output)
        }
    }

    let lfBlocks = blocks(of: lfText)
    let crlfBlocks = blocks(of: crlfText)
    Benchmark("OLD WireLines DATA, LF text, 64 KiB blocks (1 MiB)") { benchmark in
        measureBody(benchmark) { oldWireLinesInBlocks(lfBlocks, dotStuffing: true) }
    }
    Benchmark("OLD WireLines DATA, CRLF text, 64 KiB blocks (1 MiB)") { benchmark in
        measureBody(benchmark) { oldWireLinesInBlocks(crlfBlocks, dotStuffing: true) }
    }

    // MARK: Replies (one operation = every fixture parsed once)

    let replies = replyFixtureNames.map(fixture)
    let parserConfiguration = Benchmark.Configuration(metrics: parserMetrics, warmupIterations: 10, maxDuration: .seconds(2))
    Benchmark("ReplyParser, 10 fixtures each fed whole", configuration: parserConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            for bytes in replies {
                var parser = ReplyParser()
                blackHole(parser.feed(bytes))
                blackHole(parser.finish())
            }
        }
    }
    Benchmark("ReplyParser, 10 fixtures each fed in 7-byte pieces", configuration: parserConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            for bytes in replies {
                var parser = ReplyParser()
                var start = 0
                while start < bytes.count {
                    let end = min(start + 7, bytes.count)
                    blackHole(parser.feed(bytes[start..<end]))
                    start = end
                }
                blackHole(parser.finish())
            }
        }
    }
    Benchmark("ReplyParser, 10 fixtures each fed byte by byte", configuration: parserConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            for bytes in replies {
                var parser = ReplyParser()
                for byte in bytes { blackHole(parser.feed(CollectionOfOne(byte))) }
                blackHole(parser.finish())
            }
        }
    }
}
