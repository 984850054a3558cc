import Foundation
import SMTPCore
import Testing

@testable import SMTPServer

/// What replaced Foundation-only calls in SMTPServer and SMTPCore (smtpc links FoundationEssentials
/// only) gives the same text as the Foundation call it replaced.
@Suite struct FoundationParityTests {
    static let dates = [
        0, 951_782_400, 1_709_164_800, 1_772_535_909.75, 2_000_000_000, 4_102_444_799, -86_400,
    ].map { Date(timeIntervalSince1970: $0) }

    @Test func traceHeaderDatesAreWhatDateFormatterWrote() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        for date in Self.dates {
            #expect(StoredMessage.rfc5322Date(date) == formatter.string(from: date), "\(date)")
        }
    }

    @Test func queueIDsAreWhatStringFormatWrote() {
        // The second start 46,656 × 20 + 5 is "5" in base 36, padded to "005"; 1,000,000 is "FLS".
        for (start, seconds) in [(1_000_000, "FLS"), (46_656 * 20 + 5, "005"), (46_656 * 3 + 36, "010")] {
            for number in [1, 42, 99_999, 100_000, 1_234_567] {
                let id = MessageStore.queueID(number: number, date: Date(timeIntervalSince1970: Double(start)))
                #expect(id == "P" + seconds + String(format: "%05d", number))
            }
        }
    }

    @Test func whitespaceTrimmingIsWhatTrimmingCharactersDid() {
        let samples = [
            "", " ", "\t \u{00A0}\u{3000}", "  a b  ", "\tx\t", "\u{2003}word\u{202F}", "\n x \n", "x\r\n", " é\u{301} ",
            "\u{200B}zero width\u{200B}", " [::1]:53 ", "\u{180E}mongolian\u{FEFF}", "\u{1680}\u{2009}\u{205F}x\u{85}",
        ]
        for sample in samples {
            #expect(sample.trimmingWhitespace() == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
            let substring = ("+" + sample + "+").dropFirst().dropLast()
            #expect(substring.trimmingWhitespace() == substring.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
        }
    }

    @Test func fileManagerErrorsAreDescribedAsLocalizedDescriptionDid() {
        for path in ["/proc/forbidden/maildir", "/etc/passwd/maildir"] {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                Issue.record("\(path) was created")
            } catch {
                #expect(Maildir.describe(error) == error.localizedDescription)
            }
        }
        for code in [4, 255, 256, 257, 258, 259, 260, 512, 513, 514, 516, 517, 518, 640, 642] {
            let error = CocoaError(CocoaError.Code(rawValue: code))
            #expect(Maildir.describe(error) == error.localizedDescription, "\(code)")
        }
    }
}
