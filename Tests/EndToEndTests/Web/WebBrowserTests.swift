import Foundation
import TestSupport
import Testing

/// The web view in headless Chromium (Debian's, driven over the DevTools protocol): lines
/// appear live, hostile client text never runs, the pages work without JavaScript.
@Suite(.serialized) struct WebBrowserTests {
    @Test func linesAppearWithinASecondAndHostileTextNeverRuns() throws {
        let serve = try ServeProcess(arguments: ["--web", "127.0.0.1:0"])
        let web = try #require(serve.webURL)
        let (status, json) = try Chromium.checks(["live", String(serve.port), web])
        #expect(status == 0, "\(json)")
        let latencies = try #require(json["latencies"] as? [Double?])
        #expect(latencies.count == 9)
        for latency in latencies {
            let milliseconds = try #require(latency, "every line appeared: \(latencies)")
            #expect(milliseconds < 1000, "a line took \(milliseconds) ms to appear")
        }
        let listLatency = try #require(json["listLatency"] as? Double, "a new conversation appeared in the list")
        #expect(listLatency < 1000)
        let report = try #require(json["report"] as? [String: Any])
        #expect(report["clean"] as? Bool == true, "no dialog, no inline script, nothing marked: \(report)")
        #expect((report["cspViolations"] as? [Any])?.isEmpty == true, "\(report)")
        let text = try #require(json["text"] as? String)
        #expect(text.contains("NOOP <script>alert('row')</script>"), "hostile text shown as text")
        #expect(text.contains("NOOP <img src=x onerror=alert('img')>"))
        #expect(text.contains("MAIL FROM:<\"<script>alert('addr')</script>\"@example.org>"), "a hostile address too")
    }

    @Test func theAnnotationsInTheBrowserAreTheConsoles() throws {
        let serve = try ServeProcess(arguments: ["--web", "127.0.0.1:0"])
        let web = try #require(serve.webURL)
        let script = ["EHLO client.example", "MAIL FROM:<a@example.org>", "RCPT TO:<452@fail.test>", "RCPT TO:<b@example.net>", "QUIT"]
        let console = try Binary.run(["127.0.0.1", String(serve.port)], input: script.joined(separator: "\n") + "\n")
        let annotations = console.stdout.split(separator: "\n").filter { $0.hasPrefix("  # ") }
            .map { String($0.dropFirst(2).replacing(#/ · \d+ ms$/#, with: "")) }
        #expect(annotations.count == 6, "\(console.stdout)")
        let (status, json) = try Chromium.cdp(["dom", web + "/conversations/1"])
        #expect(status == 0)
        let html = try #require(json["html"] as? String)
        let shown = html.matches(of: #/<div class="annotation">([^<]*)</div>/#).map {
            String($0.1).replacing(#/ · \d+ ms$/#, with: "").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        #expect(shown == annotations)
    }

    @Test func everyPageWorksWithoutJavaScript() throws {
        let serve = try ServeProcess(arguments: ["--web", "127.0.0.1:0"])
        let web = try #require(serve.webURL)
        let sent = try Python.smtp(
            port: serve.port, ehlo: "nojs.example", from: "a@example.org", to: ["b@example.net"], message: "Subject: no js\r\n\r\nx\r\n")
        #expect(sent.status == 0)
        for (path, text) in [("/", "no js"), ("/conversations/1", "ehlo nojs.example"), ("/conversations/1", "250 2.0.0 OK")] {
            let (status, json) = try Chromium.cdp(["dom", "--no-js", web + path])
            #expect(status == 0 && json["status"] as? Int == 200)
            #expect((json["text"] as? String)?.contains(text) == true, "\(path) shows \(text) without JavaScript")
        }
    }
}
