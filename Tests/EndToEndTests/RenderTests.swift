import Foundation
import TestSupport
import Testing

/// `smtpc render` of real recordings, checked in a real browser: Debian's Chromium,
/// headless, dumps the DOM after the page has loaded (and run whatever it would run).
@Suite(.serialized) struct RenderTests {
    let env: TestEnvironment
    let directory: URL

    init() throws {
        env = try TestEnvironment.load()
        directory = try makeTemporaryDirectory(prefix: "smtpc-render")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The DOM Chromium builds from `page`, and a screenshot of it at `screenshot`.
    private func browse(_ page: String, screenshot: String) throws -> String {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "Chromium is missing: scripts/testenv/install installs it")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=" + path("profile")]
        let shot = try Binary.run(
            executable: chromium, common + ["--window-size=1100,1600", "--screenshot=" + screenshot, "file://" + page])
        try #require(shot.status == 0, "chromium --screenshot: \(shot.stderr)")
        let dump = try Binary.run(executable: chromium, common + ["--dump-dom", "file://" + page])
        try #require(dump.status == 0, "chromium --dump-dom: \(dump.stderr)")
        return dump.stdout
    }

    @Test func aRecordedSessionRendersWithItsAnnotationsAndMarks() throws {
        let transcript = path("session.txt")
        let script = [
            "EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<\(env.unknownUser)>", "RCPT TO:<\(env.user)>",
            "DATA", "Subject: render", "", ".starts with a dot", ".", "QUIT",
        ]
        let recorded = try Binary.run(
            ["--record", transcript, "--timestamps", "--starttls", "--cafile", env.caFile, env.host, String(env.smtpPort)],
            input: script.joined(separator: "\n") + "\n")
        #expect(recorded.status == 1, "one RCPT is refused: \(recorded.stdout)")

        let page = path("session.html")
        let render = try Binary.run(["render", transcript, "-o", page])
        #expect(render.status == 0, "\(render.stderr)")
        let screenshot = path("session.png")
        let dom = try browse(page, screenshot: screenshot)
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 20_000, "a screenshot with content: \(size) bytes")

        // The annotations, exactly as the console prints them (script mode's output).
        let annotations = recorded.stdout.split(separator: "\n").filter { $0.hasPrefix("  # ") }
            .map { $0.dropFirst(2).replacing(#/ · \d+ ms$/#, with: "") }
        #expect(annotations.count == 11)
        for annotation in annotations {
            let escaped = String(annotation).replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            #expect(dom.contains("<div class=\"annotation\">\(escaped)"), "missing: \(annotation)")
        }
        #expect(dom.contains("class=\"server c5xx\""), "the refused RCPT is marked as 5xx")
        #expect(dom.contains("<span class=\"badge\">TLS</span>TLS established: TLSv1."))
        #expect(dom.contains("<span class=\"stuffed\""), "dot-stuffing is visible")
        #expect(dom.contains("<span class=\"time\">+0."), "timings are shown")

        let markdown = try Binary.run(["render", transcript, "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("```text\n"))
        #expect(markdown.stdout.contains("C: ..starts with a dot   (dot-stuffed)"))
        #expect(markdown.stdout.contains("--- [TLS] TLS established"))
        #expect(markdown.stdout.contains("  # 550 Requested action not taken: mailbox unavailable — "))
    }

    @Test func aHostileServersTextStaysText() throws {
        let hostile = "<script>document.body.setAttribute('data-pwned','yes')</script><img src=x onerror=\"document.title='pwned'\">"
        let server = try FaultyServer(banner: "220 \(hostile) \u{1b}]0;title\u{07}\u{1b}[2J ``` fence\r\n") { line in
            line.hasPrefix("QUIT") ? .sendAndClose("221 \(hostile)\r\n") : .send("250 \(hostile)\r\n")
        }
        let transcript = path("hostile.jsonl")
        let recorded = try Binary.run(["--record", transcript, "127.0.0.1", String(server.port)], input: "NOOP\nQUIT\n")
        #expect(recorded.status == 0, "\(recorded.stdout)\n\(recorded.stderr)")

        let page = path("hostile.html")
        #expect(try Binary.run(["render", transcript, "-o", page]).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("\u{1b}"))
        let dom = try browse(page, screenshot: path("hostile.png"))
        #expect(!dom.contains("data-pwned=\"yes\""), "the server's script ran")
        #expect(!dom.contains("<title>pwned"), "the server's onerror ran")
        #expect(dom.contains("&lt;script&gt;document.body.setAttribute"), "the script is shown as text")
        #expect(dom.contains("\\x1b]0;title\\x07\\x1b[2J"), "escape sequences are shown visibly")

        let markdown = try Binary.run(["render", transcript, "--format", "markdown"])
        #expect(markdown.stdout.contains("\n````text\n"), "the fence is longer than the server's ```")
        #expect(!markdown.stdout.contains("\u{1b}"))
    }

    @Test func aMalformedTranscriptIsRefusedWithItsLine() throws {
        let bad = path("bad.txt")
        try "SMTPD: 220 hi\nnonsense\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try Binary.run(["render", bad])
        #expect(result.status == 66)
        #expect(result.stderr.contains("bad.txt:2: "), "\(result.stderr)")
        #expect(try Binary.run(["render", bad, "--format", "pdf"]).status == 64)
    }
}
