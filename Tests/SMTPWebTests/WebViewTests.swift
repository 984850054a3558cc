import SMTPWeb
import Testing

@Test func hubStartsEmpty() {
    #expect(LiveHub().listings().isEmpty)
}
