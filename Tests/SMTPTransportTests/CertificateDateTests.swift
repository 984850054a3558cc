import Foundation
import SMTPTransport
import Testing

/// Certificate dates in `/tls` and the handshake summary: gmtime_r (FoundationEssentials has no
/// time zones without ICU) gives what the UTC Gregorian calendar gave.
@Suite struct CertificateDateTests {
    @Test func datesAreWhatTheUTCCalendarGave() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for seconds in [0, 951_782_400, 1_709_164_800, 1_772_535_909.75, 2_000_000_000, 4_102_444_799, 253_402_300_799, -86_400] {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
            let expected = "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) UTC"
            #expect(CertificateSummary.format(date) == expected, "\(seconds)")
        }
        #expect(CertificateSummary.format(Date(timeIntervalSince1970: 1_772_535_909)) == "2026-03-03 11:05:09 UTC")
    }
}
