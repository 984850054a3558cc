import SMTPWeb
import Testing

@Test func moduleLoads() {
    #expect(String(describing: WebView.self) == "WebView")
}
