import Foundation
import TestSupport
import Testing

/// `smtpc serve --web`: the pages as a client (curl) gets them, against conversations a real
/// SMTP client (Python's smtplib) had with the practice server.
@Suite(.serialized) struct WebViewTests {
    let directory: URL

    init() throws {
        directory = try makeTemporaryDirectory(prefix: "smtpc-web")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @Test func hostileClientTextStaysTextAndTheDownloadsAreSmtpcRendersOwn() throws {
        let serve = try ServeProcess(arguments: ["--web", "127.0.0.1:0"])
        let web = try #require(serve.webURL, "the banner names the web view: \(serve.logText)")
        let hostile = "<script>alert(1)</script>"
        let sent = try Python.smtp(
            port: serve.port, ehlo: hostile, from: "a@example.org", to: ["b@example.net"],
            message: "Subject: <b>bold</b>\r\n\r\n<img src=x onerror=alert(2)>\r\n")
        #expect(sent.status == 0, "\(sent.stderr)")

        let list = try HTTP.get(web + "/")
        #expect(list.status == 200)
        #expect(list.body.contains("greeted, EHLO, message accepted"), "\(list.body)")
        #expect(list.body.contains("&lt;b&gt;bold&lt;/b&gt;"), "the subject is escaped")
        let page = try HTTP.get(web + "/conversations/1")
        #expect(page.status == 200)
        #expect(page.headers.contains("content-security-policy: default-src 'none'; script-src 'self'"), "\(page.headers)")
        #expect(page.body.contains("<code>ehlo &lt;script&gt;alert(1)&lt;/script&gt;</code>"))
        #expect(page.body.contains("&lt;img src=x onerror=alert(2)&gt;"))
        for body in [list.body, page.body] {
            #expect(!body.contains(hostile) && !body.contains("<img src=x"), "nothing the client sent is markup")
        }

        let transcript = try HTTP.get(web + "/conversations/1/transcript.txt")
        #expect(transcript.headers.contains("content-disposition: attachment"))
        #expect(transcript.body.hasPrefix("# smtpc transcript 1;"))
        try transcript.body.write(toFile: path("one.txt"), atomically: true, encoding: .utf8)
        let rendered = try Binary.run(["render", path("one.txt")])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let downloaded = try HTTP.get(web + "/conversations/1/page.html")
        let own = rendered.stdout.replacingOccurrences(of: "one.txt", with: "conversation-1.txt")
        #expect(downloaded.body == own, "the rendered page is smtpc render's page of the transcript")

        let id = try #require(list.body.firstMatch(of: #/messages/([A-Z0-9]+)"/#)?.1)
        let message = try HTTP.get(web + "/messages/\(id)")
        #expect(message.body.contains("text/plain"), "the MIME tree")
        #expect(message.body.contains("Received: from &lt;script&gt;alert(1)&lt;/script&gt;"), "the trace fields, escaped")
        let eml = try HTTP.get(web + "/messages/\(id)/message.eml")
        #expect(eml.body.contains("\r\n\r\n<img src=x onerror=alert(2)>\r\n"), "the source as stored")
    }

    @Test func theAnnotationsAreTheConsoles() throws {
        let serve = try ServeProcess(arguments: ["--web", "127.0.0.1:0"])
        let web = try #require(serve.webURL)
        let script = ["EHLO client.example", "MAIL FROM:<a@example.org>", "RCPT TO:<550@fail.test>", "RSET", "NOOP", "QUIT"]
        let console = try Binary.run(["127.0.0.1", String(serve.port)], input: script.joined(separator: "\n") + "\n")
        let annotations = console.stdout.split(separator: "\n").filter { $0.hasPrefix("  # ") }
            .map { String($0.dropFirst(2).replacing(#/ · \d+ ms$/#, with: "")) }
        #expect(annotations.count == 7, "\(console.stdout)")
        let page = try HTTP.get(web + "/conversations/1").body
        let shown = page.matches(of: #/<div class="annotation">([^<]*)</div>/#).map {
            String($0.1).replacing(#/ · \d+ ms$/#, with: "").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
        }
        #expect(shown == annotations)
    }

    @Test func aStudentsPageIsNotOpenWithoutAClassroomAndAddressesAreChecked() throws {
        let network = try Binary.run(["serve", "--listen", "127.0.0.1:0", "--web", "192.0.2.1:8025"])
        #expect(network.status == 64)
        #expect(network.stderr.contains("--web:") && network.stderr.contains("loopback"), "\(network.stderr)")
        let serve = try ServeProcess(arguments: ["--web", "127.0.0.1:0"])
        let web = try #require(serve.webURL)
        #expect(try HTTP.get(web + "/conversations/99").status == 404)
        #expect(try HTTP.get(web + "/student/").status == 404, "no classroom, no student pages")
        let script = try HTTP.get(web + "/live.js")
        #expect(script.headers.contains("content-type: text/javascript"))
    }
}
