import Testing

@testable import SMTPTranscript

/// Transcript times: what `ISOTime.format` writes, `parse` reads back, for every year it
/// can hold — also before 1970, where truncating division once wrote negative hours.
@Suite struct ISOTimeTests {
    @Test(arguments: [
        "1970-01-01T00:00:00.000Z", "2026-12-03T02:36:48.475Z", "1969-12-31T23:59:59.999Z",
        "1013-12-03T02:36:48.475Z", "0000-03-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
    ])
    func aTimeReadsBackAsItWasWritten(text: String) throws {
        let seconds = try #require(ISOTime.parse(text))
        #expect(ISOTime.format(seconds) == text)
    }

    @Test func timesOutsideTheFormatAreClampedNotTrapped() {
        #expect(ISOTime.format(.infinity) == "1970-01-01T00:00:00.000Z")
        #expect(ISOTime.format(-1e300) == "0000-01-01T00:00:00.000Z")
        #expect(ISOTime.format(1e300) == "9999-12-31T23:59:59.999Z")
    }
}
