#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A moment as RFC 5322 §3.3 writes it: `Tue, 3 Mar 2026 14:05:09 +0100`, English names
/// whatever the locale (as `EEE, d MMM yyyy HH:mm:ss Z` in `en_US_POSIX`).
///
/// The one writer of such dates: a built message's Date header and the practice server's
/// Received header. The calendar arithmetic is pure; only `init(localTime:)` and `now()`
/// ask the C library for the local zone's offset.
public struct RFC5322Date: Sendable, Hashable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01 00:00:00 UTC.
    public let secondsSince1970: Int64
    /// The zone's offset from UTC in minutes, east positive (`+0100` is 60).
    public let utcOffsetMinutes: Int

    /// The moment `secondsSince1970`, shown in a zone `utcOffsetMinutes` east of UTC.
    public init(secondsSince1970: Int64, utcOffsetMinutes: Int) {
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// The moment `secondsSince1970`, shown in the local zone (`TZ`, else /etc/localtime).
    public init(localTime secondsSince1970: Int64) {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        tzset()
        let offset = localtime_r(&seconds, &parts) != nil ? Int(parts.tm_gmtoff) / 60 : 0
        self.init(secondsSince1970: secondsSince1970, utcOffsetMinutes: offset)
    }

    /// Now, in the local zone.
    public static func now() -> RFC5322Date {
        RFC5322Date(localTime: Int64(time(nil)))
    }

    public var description: String {
        let local = secondsSince1970 + Int64(utcOffsetMinutes) * 60
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let offset = Int64(abs(utcOffsetMinutes))
        let zone = (utcOffsetMinutes < 0 ? "-" : "+") + padded(offset / 60, 2) + padded(offset % 60, 2)
        let time = [secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60].map { padded(Int64($0), 2) }
        return "\(weekdays[weekday]), \(day) \(months[month - 1]) \(padded(year, 4)) \(time.joined(separator: ":")) \(zone)"
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01 (civil-from-days: eras of
    /// 400 years, years starting in March so that the leap day comes last).
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
